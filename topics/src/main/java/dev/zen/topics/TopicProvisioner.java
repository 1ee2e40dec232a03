package dev.zen.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the cluster to the catalogue, idempotently: creates missing topics, raises partition
 * counts that are too low (never lowers: Kafka cannot), and reports config drift without
 * clobbering it. Safe to run from every gateway and worker at start, concurrently: a topic that a
 * peer created in between is not an error. Blocking; call it at start-up, not on a hot path.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public ProvisioningReport provision(Collection<TopicSpec> specs) {
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        specs.forEach(s -> wanted.put(s.name(), s));
        try {
            Map<String, TopicDescription> existing = describeExisting(wanted.keySet());
            List<String> created = create(wanted, existing);
            List<String> expanded = expand(wanted, existing);
            List<ProvisioningReport.ConfigDrift> drifts = drifts(wanted, existing);
            ProvisioningReport report = new ProvisioningReport(created, expanded, drifts);
            if (!created.isEmpty() || !expanded.isEmpty()) {
                LOG.info("Provisioned topics: created {}, raised partitions of {}", created, expanded);
            }
            drifts.forEach(d -> LOG.warn("Topic config drift on {}: {} is '{}' on the cluster, the catalogue says '{}' (left as is)",
                    d.topic(), d.key(), d.actual(), d.wanted()));
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Expected to provision topics " + wanted.keySet() + ", but " + e.getMessage(), e);
        }
    }

    private Map<String, TopicDescription> describeExisting(Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<String> present = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<String> known = names.stream().filter(present::contains).toList();
        if (known.isEmpty()) {
            return Map.of();
        }
        return admin.describeTopics(known).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<String> create(Map<String, TopicSpec> wanted, Map<String, TopicDescription> existing)
            throws InterruptedException, TimeoutException, ExecutionException {
        List<NewTopic> missing = wanted.values().stream()
                .filter(s -> !existing.containsKey(s.name()))
                .map(s -> new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty()).configs(s.config()))
                .toList();
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var results = admin.createTopics(missing).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private List<String> expand(Map<String, TopicSpec> wanted, Map<String, TopicDescription> existing)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<String, NewPartitions> raise = new HashMap<>();
        existing.forEach((name, description) -> {
            int want = wanted.get(name).partitions();
            if (description.partitions().size() < want) {
                raise.put(name, NewPartitions.increaseTo(want));
            }
        });
        List<String> expanded = new ArrayList<>();
        if (raise.isEmpty()) {
            return expanded;
        }
        for (var entry : admin.createPartitions(raise).values().entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                expanded.add(entry.getKey());
            } catch (ExecutionException e) {
                // a peer raised it at the same time
                if (!(e.getCause() instanceof InvalidPartitionsException)) {
                    throw e;
                }
            }
        }
        return expanded;
    }

    private List<ProvisioningReport.ConfigDrift> drifts(Map<String, TopicSpec> wanted, Map<String, TopicDescription> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = existing.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<ProvisioningReport.ConfigDrift> drifts = new ArrayList<>();
        configs.forEach((resource, config) -> wanted.get(resource.name()).config().forEach((key, value) -> {
            ConfigEntry entry = config.get(key);
            String actual = entry == null ? null : entry.value();
            if (!value.equals(actual)) {
                drifts.add(new ProvisioningReport.ConfigDrift(resource.name(), key, value, actual));
            }
        }));
        return drifts;
    }
}
