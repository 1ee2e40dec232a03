package dev.zen.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldReadNearestRankPercentilesFromWrksHistogram() {
        // given 100 calls: 98 of 1 ms, one of 5 ms, one of 40 ms
        Latencies latencies = Latencies.parse("1000:98,5000:1,40000:1");

        // then
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileMs(0.50)).isEqualTo(1.0);
        assertThat(latencies.percentileMs(0.99)).isEqualTo(5.0);
        assertThat(latencies.percentileMs(1.0)).isEqualTo(40.0);
    }

    @Test
    void shouldMergeRoundsByAddingTheirHistograms() {
        // given two rounds of one row
        Latencies first = Latencies.parse("1000:2");
        Latencies second = Latencies.parse("3000:2,1000:1");

        // when
        first.addAll(second);

        // then
        assertThat(first.count()).isEqualTo(5);
        assertThat(first.percentileMs(0.50)).isEqualTo(1.0);
        assertThat(first.percentileMs(0.80)).isEqualTo(3.0);
    }

    @Test
    void shouldHaveNoPercentileWithoutCalls() {
        assertThat(Latencies.parse("").percentileMs(0.5)).isNaN();
    }

    @Test
    void shouldKeepInJvmLatenciesInMicroseconds() {
        // given
        Latencies latencies = new Latencies();

        // when
        latencies.addNanos(new long[] {1_234_567, 2_000_999});

        // then
        assertThat(latencies.percentileMs(0.5)).isEqualTo(1.234);
        assertThat(latencies.percentileMs(1.0)).isEqualTo(2.000);
    }

    @Test
    void shouldRefuseAnEntryWithoutCount() {
        assertThatThrownBy(() -> Latencies.parse("1000")).isInstanceOf(IllegalArgumentException.class);
    }
}
