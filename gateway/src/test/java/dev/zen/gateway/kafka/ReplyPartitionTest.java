package dev.zen.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplyPartitionTest {

    @Test
    void shouldTakeTheConfiguredPartition() {
        assertThat(ReplyPartition.choose(5, "gw-1", 6, "zen.replies")).isEqualTo(5);
        assertThat(ReplyPartition.choose(0, "gw-1", 6, "zen.replies")).isZero();
    }

    @Test
    void shouldDeriveAStablePartitionFromTheInstanceIdWhenNoneIsConfigured() {
        int chosen = ReplyPartition.choose(null, "gw-secure", 6, "zen.replies");
        assertThat(chosen).isBetween(0, 5).isEqualTo(ReplyPartition.choose(-1, "gw-secure", 6, "zen.replies"));
        assertThat(java.util.stream.IntStream.range(0, 60).map(i -> ReplyPartition.choose(null, "gw-" + i, 6, "t")).distinct().count())
                .as("instance ids spread over the partitions").isEqualTo(6);
    }

    @Test
    void shouldRefuseAPartitionTheTopicDoesNotHaveNamingTheSetting() {
        assertThatThrownBy(() -> ReplyPartition.choose(6, "gw-1", 6, "zen.replies"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ZEN_REPLY_PARTITION").hasMessageContaining("between 0 and 5").hasMessageContaining("was 6");
    }
}
