package dev.zen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldReadNearestRankPercentiles() {
        // given 100 calls: 98 of 1 ms, one of 5 ms, one of 40 ms
        Latencies latencies = new Latencies();
        latencies.add(1_000, 98);
        latencies.add(5_000, 1);
        latencies.add(40_000, 1);

        // then
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileMs(0.50)).isEqualTo(1.0);
        assertThat(latencies.percentileMs(0.99)).isEqualTo(5.0);
        assertThat(latencies.percentileMs(1.0)).isEqualTo(40.0);
    }

    @Test
    void shouldWeighEachValueOfASketchByTheCallsOfItsRun() {
        // given two rounds of one row: 1,000 calls all at 2 ms, then 3,000 calls all at 1 ms (sketches of 4 values for brevity)
        Latencies first = Latencies.sketch("2000,2000,2000,2000", 1_000);
        Latencies second = Latencies.sketch("1000,1000,1000,1000", 3_000);

        // when
        first.addAll(second);

        // then three quarters of the calls took 1 ms
        assertThat(first.count()).isEqualTo(4_000);
        assertThat(first.percentileMs(0.75)).isEqualTo(1.0);
        assertThat(first.percentileMs(0.76)).isEqualTo(2.0);
    }

    @Test
    void shouldHaveNoPercentileWithoutCalls() {
        assertThat(new Latencies().percentileMs(0.5)).isNaN();
        assertThat(Latencies.sketch("", 0).percentileMs(0.5)).isNaN();
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
}
