package dev.zen.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void shouldCountBadAnswersAndSocketErrorsButOnlyGoodAnswersAsCalls() {
        // given what wrk prints, then the line of mcp.lua's done()
        String output = """
                Running 4s test @ http://127.0.0.1:7000/mcp
                  2 threads and 64 connections
                  10117 requests in 4.00s, 5.92MB read
                Requests/sec:   2529.25
                ZEN-WRK requests=10117 duration_us=4000000 bad=17 socket=3 p50_us=900 p99_us=2500
                """;

        // when
        Load load = Wrk.parse(output);

        // then
        assertThat(load.calls()).isEqualTo(10_100);
        assertThat(load.errors()).isEqualTo(20);
        assertThat(load.seconds()).isEqualTo(4.0);
        assertThat(load.callsPerSecond()).isEqualTo(2525.0);
        assertThat(load.p50Ms()).isEqualTo(0.9);
        assertThat(load.p99Ms()).isEqualTo(2.5);
        assertThat(load.latencies()).isNull();
    }

    @Test
    void shouldAddUpRoundsThatKeptTheirLatencies() {
        // given two rounds with sketches: 1,000 calls at 1 ms, then 1,000 calls at 3 ms
        String ones = String.join(",", Collections.nCopies(1000, "1000"));
        String threes = String.join(",", Collections.nCopies(1000, "3000"));
        Load first = Wrk.parse("ZEN-WRK requests=1000 duration_us=1000000 bad=0 socket=0 p50_us=1000 p99_us=1000\n"
                + "ZEN-WRK-SKETCH " + ones + "\n").withCutOff(1);
        Load second = Wrk.parse("ZEN-WRK requests=1000 duration_us=1000000 bad=0 socket=0 p50_us=3000 p99_us=3000\n"
                + "ZEN-WRK-SKETCH " + threes + "\n").withCutOff(1);

        // when
        Load both = Load.empty().plus(first).plus(second);

        // then
        assertThat(both.calls()).isEqualTo(2_000);
        assertThat(both.seconds()).isEqualTo(2.0);
        assertThat(both.handled()).isEqualTo(2_002);
        assertThat(both.p50Ms()).isEqualTo(1.0);
        assertThat(both.p99Ms()).isEqualTo(3.0);
    }

    @Test
    void shouldReadARunWithoutAnswers() {
        Load load = Wrk.parse("ZEN-WRK requests=0 duration_us=1000000 bad=0 socket=64 p50_us=0 p99_us=0\n");

        assertThat(load.calls()).isZero();
        assertThat(load.errors()).isEqualTo(64);
        assertThat(load.p50Ms()).isNaN();
    }

    @Test
    void shouldRefuseOutputWithoutTheScriptsLine() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:7000 Connection refused"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mcp.lua");
    }
}
