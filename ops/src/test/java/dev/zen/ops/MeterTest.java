package dev.zen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterTest {

    @Test
    void shouldAddUserAndSystemTimeCountedAfterACommandNameWithSpaces() {
        // given a /proc/<pid>/stat line whose command name holds spaces and a parenthesis; utime 1500, stime 250
        String stat = "4242 (java (gw) x) S 1 4242 4242 0 -1 4194560 93034 0 12 0 1500 250 0 0 20 0 57 0 1234 1000 50 "
                + "18446744073709551615 1 1 0 0 0 0 0 2 16902 0 0 0 17 1 0 0 0 0 0";

        // then
        assertThat(Meter.parseTicks(stat)).isEqualTo(1750);
    }

    @Test
    void shouldAddTheCostsOfRounds() {
        // given
        Meter.Cost first = new Meter.Cost(Map.of("gateway", 10.0, "broker", 5.0), 100);
        Meter.Cost second = new Meter.Cost(Map.of("gateway", 20.0), 50);

        // when
        Meter.Cost sum = first.plus(second);

        // then
        assertThat(sum.records()).isEqualTo(150);
        assertThat(sum.cpuMs()).containsEntry("gateway", 30.0).containsEntry("broker", 5.0);
    }

    @Test
    void shouldGiveCpuAndRecordsPerCallHandled() {
        // given 190 good calls and 10 cut off at the end (the servers handled 200) that cost the gateway 50 ms and two workers
        // 20 ms and 10 ms, and wrote 600 records
        Row row = new Row("trivial", 64, new Load(190, 0, 1.0, 1.0, 2.0, null, 10), new Meter.Cost(Map.of("gateway", 50.0,
                Meter.WORKER + "conformance", 20.0, Meter.WORKER + "git", 10.0), 600), "gateway");

        // then
        assertThat(row.recordsPerCall()).isEqualTo(3.0);
        assertThat(row.cpuMsPerCall("gateway")).isEqualTo(0.25);
        assertThat(row.workersMsPerCall()).isEqualTo(0.15);
        assertThat(row.cpuMsPerCall("peer")).isNaN();
    }
}
