package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the pgvector and Qdrant stores accept from callers, and how they read it, without a server. */
class StoreInputsTest {

    @Test
    void shouldDecodeWhatItEncodes() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-01-02T03:04:05.123456789Z"), UUID.randomUUID());

        assertThat(KeysetCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(KeysetCursor.decode(null)).isNull();
    }

    @Test
    void shouldRefuseTextThatIsNotACursor() {
        String forged = Base64.getUrlEncoder().encodeToString("c1:1:2:'; DROP TABLE x; --".getBytes(StandardCharsets.UTF_8));
        String farFuture = Base64.getUrlEncoder().encodeToString(("c1:" + Instant.parse("+999999-01-01T00:00:00Z").getEpochSecond() + ":0:"
                + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] {"", "garbage!", forged, "YzI6MToyOjM", "x".repeat(1000), farFuture}) {
            assertThatThrownBy(() -> KeysetCursor.decode(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Expected a cursor");
        }
    }

    @Test
    void shouldAcceptOnlyIdentifiersAsCollectionNames() {
        assertThat(new CollectionName("zen_memories_2").value()).isEqualTo("zen_memories_2");
        for (String name : new String[] {"", "2x", "Zen", "a-b", "a b", "x\"; DROP", "a".repeat(41)}) {
            assertThatThrownBy(() -> new CollectionName(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldKnowWhichPgvectorVersionsScanIteratively() {
        assertThat(PgSchema.iterativeScans("0.8.0")).isTrue();
        assertThat(PgSchema.iterativeScans("0.10.1")).isTrue();
        assertThat(PgSchema.iterativeScans("1.0.0")).isTrue();
        assertThat(PgSchema.iterativeScans("0.7.4")).isFalse();
        assertThat(PgSchema.iterativeScans("dev")).isFalse();
    }

    @Test
    void shouldSplitWordsAsQdrantsWordTokenizer() {
        assertThat(QdrantStore.words("Kafka's \"partitions\" OR (kafka) — naïve 42")).containsExactly("kafka", "s", "partitions", "or",
                "naïve", "42");
        assertThat(QdrantStore.words("  ***  ")).isEmpty();
    }
}
