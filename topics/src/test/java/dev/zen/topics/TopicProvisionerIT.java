package dev.zen.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.testkit.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {

    private final Admin admin = SharedKafka.admin();
    private final TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void shouldCreateMissingTopicsAndBeIdempotent() {
        TopicCatalogue catalogue = TopicCatalogue.withPrefix(SharedKafka.uniquePrefix("prov"));
        List<TopicSpec> specs = new ArrayList<>(catalogue.fixedTopics());
        specs.addAll(catalogue.toolTopics(List.of("file_read")));

        ProvisioningReport first = provisioner.provision(specs);
        ProvisioningReport second = provisioner.provision(specs);

        assertThat(first.created()).containsExactlyInAnyOrderElementsOf(specs.stream().map(TopicSpec::name).toList());
        assertThat(first.drifts()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.expanded()).isEmpty();
        assertThat(second.drifts()).isEmpty();
    }

    @Test
    void shouldRaisePartitionCountButNeverLowerIt() throws Exception {
        String name = SharedKafka.uniquePrefix("grow") + "t";
        provisioner.provision(List.of(new TopicSpec(name, 2, Map.of())));

        ProvisioningReport raised = provisioner.provision(List.of(new TopicSpec(name, 4, Map.of())));
        ProvisioningReport lower = provisioner.provision(List.of(new TopicSpec(name, 1, Map.of())));

        assertThat(raised.expanded()).containsExactly(name);
        assertThat(lower.expanded()).isEmpty();
        assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(4);
    }

    @Test
    void shouldReportConfigDriftWithoutChangingIt() throws Exception {
        String name = SharedKafka.uniquePrefix("drift") + "t";
        provisioner.provision(List.of(new TopicSpec(name, 1, Map.of("retention.ms", "600000"))));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "1200000"), AlterConfigOp.OpType.SET)))).all().get();

        ProvisioningReport report = provisioner.provision(List.of(new TopicSpec(name, 1, Map.of("retention.ms", "600000"))));

        assertThat(report.drifts()).containsExactly(new ProvisioningReport.ConfigDrift(name, "retention.ms", "600000", "1200000"));
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                .isEqualTo("1200000");
    }
}
