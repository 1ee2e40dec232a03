package dev.zen.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void shouldCountBadAnswersAndSocketErrorsButOnlyGoodAnswersAsCalls() {
        // given what wrk prints, then the two lines of mcp.lua's done()
        String output = """
                Running 4s test @ http://127.0.0.1:7000/mcp
                  2 threads and 64 connections
                  10117 requests in 4.00s, 5.92MB read
                Requests/sec:   2529.25
                ZEN-WRK requests=10117 duration_us=4000000 bad=17 socket=3
                ZEN-WRK-HISTOGRAM 900:10000,2500:117
                """;

        // when
        Load load = Wrk.parse(output);

        // then
        assertThat(load.calls()).isEqualTo(10_100);
        assertThat(load.errors()).isEqualTo(20);
        assertThat(load.seconds()).isEqualTo(4.0);
        assertThat(load.callsPerSecond()).isEqualTo(2525.0);
        assertThat(load.latencies().count()).isEqualTo(10_117);
        assertThat(load.latencies().percentileMs(0.5)).isEqualTo(0.9);
    }

    @Test
    void shouldReadARunWithoutAnswers() {
        Load load = Wrk.parse("ZEN-WRK requests=0 duration_us=1000000 bad=0 socket=64\nZEN-WRK-HISTOGRAM \n");

        assertThat(load.calls()).isZero();
        assertThat(load.errors()).isEqualTo(64);
        assertThat(load.latencies().percentileMs(0.5)).isNaN();
    }

    @Test
    void shouldRefuseOutputWithoutTheScriptsLines() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:7000 Connection refused"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mcp.lua");
    }
}
