package dev.zen.worker.filesystem;

import dev.zen.worker.testkit.WorkerArchitecture;
import org.junit.jupiter.api.Test;

class FilesystemArchitectureTest {

    @Test
    void shouldKeepTheFilesystemToolsFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.filesystem");
    }
}
