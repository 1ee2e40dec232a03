package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditFactsTest {

    @Test
    void shouldCollectEachKindOfValueInPutOrder() {
        AuditFacts facts = new AuditFacts().put("exitCode", 0).put("command", "make").put("dryRun", false)
                .put("files", List.of("a.txt", "b.txt"));

        assertThat(facts.toJson().toString())
                .isEqualTo("{\"exitCode\":0,\"command\":\"make\",\"dryRun\":false,\"files\":[\"a.txt\",\"b.txt\"]}");
    }

    @Test
    void shouldBeNullWhenNothingWasPut() {
        AuditFacts facts = new AuditFacts();

        assertThat(facts.isEmpty()).isTrue();
        assertThat(facts.toJson()).isNull();
    }

    @Test
    void shouldReplaceTheValueOfAKeyPutAgain() {
        AuditFacts facts = new AuditFacts().put("exitCode", 1).put("exitCode", 0);

        assertThat(facts.toJson().toString()).isEqualTo("{\"exitCode\":0}");
    }

    @Test
    void shouldRefuseKeysOutsideThePatternAndTheRuntimesMarker() {
        AuditFacts facts = new AuditFacts();

        assertThatThrownBy(() -> facts.put("1st", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected an audit fact key of");
        assertThatThrownBy(() -> facts.put("exit-code", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> facts.put("k".repeat(65), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> facts.put(AuditFacts.TRUNCATED, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> facts.put("command", (String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(facts.put("k".repeat(64), 1).isEmpty()).isFalse();
    }

    @Test
    void shouldDropFactsBeyondTheCountAndSayThatItDid() {
        AuditFacts facts = new AuditFacts();
        for (int i = 0; i < AuditFacts.MAX_FACTS + 3; i++) {
            facts.put("f" + i, i);
        }

        assertThat(facts.toJson().size()).isEqualTo(AuditFacts.MAX_FACTS + 1);
        assertThat(facts.toJson().has("f" + (AuditFacts.MAX_FACTS - 1))).isTrue();
        assertThat(facts.toJson().has("f" + AuditFacts.MAX_FACTS)).isFalse();
        assertThat(facts.toJson().path(AuditFacts.TRUNCATED).asBoolean()).isTrue();
        assertThat(facts.put("f0", 7).toJson().path("f0").asLong()).isEqualTo(7); // a known key still takes a new value
    }

    @Test
    void shouldKeepTheEncodedFactsWithinTheirBytesAndKeepAnEarlierValueOfADroppedPut() {
        AuditFacts facts = new AuditFacts().put("command", "make").put("output", "x".repeat(AuditFacts.MAX_BYTES));
        for (int i = 0; i < 20; i++) {
            facts.put("arg" + i, "é".repeat(150));
        }
        facts.put("command", "y".repeat(AuditFacts.MAX_BYTES));

        byte[] encoded = facts.toJson().toString().getBytes(StandardCharsets.UTF_8);
        assertThat(encoded.length).isLessThanOrEqualTo(AuditFacts.MAX_BYTES);
        assertThat(facts.truncated()).isTrue();
        assertThat(facts.toJson().has("output")).isFalse();
        assertThat(facts.toJson().path("command").asString()).isEqualTo("make");
        assertThat(facts.toJson().path(AuditFacts.TRUNCATED).asBoolean()).isTrue();
    }

    @Test
    void shouldSayFactsWereLostEvenWhenTheOnlyPutWasDropped() {
        AuditFacts facts = new AuditFacts().put("output", "x".repeat(AuditFacts.MAX_BYTES));

        assertThat(facts.isEmpty()).isFalse();
        assertThat(facts.toJson().toString()).isEqualTo("{\"factsTruncated\":true}");
    }
}
