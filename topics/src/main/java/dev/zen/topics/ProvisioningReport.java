package dev.zen.topics;

import java.util.List;

/**
 * What one provisioning run did: topics created, topics whose partition count was raised, and
 * configs that differ from the catalogue (reported, never changed: an operator may have tuned them).
 */
public record ProvisioningReport(List<String> created, List<String> expanded, List<ConfigDrift> drifts) {

    public ProvisioningReport {
        created = List.copyOf(created);
        expanded = List.copyOf(expanded);
        drifts = List.copyOf(drifts);
    }

    /** A topic config whose value on the cluster differs from the catalogue's. */
    public record ConfigDrift(String topic, String key, String wanted, String actual) {
    }
}
