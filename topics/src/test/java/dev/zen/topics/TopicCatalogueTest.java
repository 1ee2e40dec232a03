package dev.zen.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    @Test
    void shouldNameEveryTopicUnderThePrefix() {
        TopicCatalogue catalogue = TopicCatalogue.withPrefix("staging.zen.");

        assertThat(catalogue.replies()).isEqualTo("staging.zen.replies");
        assertThat(catalogue.registry()).isEqualTo("staging.zen.registry");
        assertThat(catalogue.tool("file_read")).isEqualTo("staging.zen.tool.file_read");
        assertThat(catalogue.toolDlt("file_read")).isEqualTo("staging.zen.tool.file_read.dlt");
        assertThat(catalogue.fixedTopics()).allSatisfy(t -> assertThat(t.name()).startsWith("staging.zen."));
    }

    @Test
    void shouldKeepAuditThirtyDaysUnlessConfigured() {
        TopicCatalogue topics = TopicCatalogue.standard();

        assertThat(topics.fixed("audit").config()).containsEntry("retention.ms", "2592000000").containsEntry("cleanup.policy", "delete");
        assertThat(topics.withAuditRetention(java.time.Duration.ofDays(90)).fixed("audit").config())
                .containsEntry("retention.ms", "7776000000");
        assertThat(topics.withAuditRetention(java.time.Duration.ofDays(90)).fixed("replies")).isEqualTo(topics.fixed("replies"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> topics.withAuditRetention(java.time.Duration.ZERO))
                .hasMessageContaining("ZEN_AUDIT_RETENTION");
        assertThat(TopicCatalogue.duration("12h")).isEqualTo(java.time.Duration.ofHours(12));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicCatalogue.duration("a month"))
                .hasMessageContaining("ZEN_AUDIT_RETENTION").hasMessageContaining("a month");
    }

    @Test
    void shouldCompactTheRegistryAndJobs() {
        TopicCatalogue catalogue = TopicCatalogue.standard();

        assertThat(catalogue.fixed("registry").config()).containsEntry("cleanup.policy", "compact");
        assertThat(catalogue.fixed("jobs").config()).containsEntry("cleanup.policy", "compact");
        assertThat(catalogue.fixed("audit").config()).containsEntry("cleanup.policy", "delete");
    }

    @Test
    void shouldGiveEachToolACommandAndDeadLetterTopic() {
        assertThat(TopicCatalogue.standard().toolTopics(List.of("a", "b")))
                .extracting(TopicSpec::name)
                .containsExactly("zen.tool.a", "zen.tool.a.dlt", "zen.tool.b", "zen.tool.b.dlt");
    }

    @Test
    void shouldRefuseToolNamesThatAreNotTopicSafe() {
        assertThatThrownBy(() -> TopicCatalogue.standard().tool("../x")).hasMessageContaining("tool name");
        assertThatThrownBy(() -> TopicCatalogue.standard().tool("a b")).hasMessageContaining("tool name");
    }

    @Test
    void shouldGiveEachServiceARequestTopicAndShareOneAnswersTopic() {
        TopicCatalogue catalogue = TopicCatalogue.withPrefix("staging.zen.");

        assertThat(catalogue.service("filesystem")).isEqualTo("staging.zen.service.filesystem");
        assertThat(catalogue.serviceSpec("filesystem").partitions()).isPositive();
        assertThat(catalogue.answers()).isEqualTo("staging.zen.answers");
        assertThatThrownBy(() -> catalogue.service("File System")).hasMessageContaining("service name");
    }

    @Test
    void shouldGiveEachServiceACompactedCallLedgerAsWideAsItsToolTopics() {
        TopicCatalogue catalogue = TopicCatalogue.withPrefix("staging.zen.");

        assertThat(catalogue.ledger("filesystem")).isEqualTo("staging.zen.ledger.filesystem");
        assertThat(catalogue.ledgerSpec("filesystem").config()).containsEntry("cleanup.policy", "compact,delete");
        assertThat(catalogue.ledgerSpec("filesystem").partitions())
                .isEqualTo(catalogue.toolTopics(java.util.List.of("file_read")).getFirst().partitions());
        assertThatThrownBy(() -> catalogue.ledger("File System")).hasMessageContaining("service name");
    }
}
