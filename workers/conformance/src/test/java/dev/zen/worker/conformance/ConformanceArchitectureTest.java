package dev.zen.worker.conformance;

import dev.zen.worker.testkit.WorkerArchitecture;
import org.junit.jupiter.api.Test;

class ConformanceArchitectureTest {

    @Test
    void shouldKeepTheFixtureToolsFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.conformance");
    }
}
