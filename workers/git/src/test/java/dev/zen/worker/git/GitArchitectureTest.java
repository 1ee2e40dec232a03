package dev.zen.worker.git;

import dev.zen.worker.testkit.WorkerArchitecture;
import org.junit.jupiter.api.Test;

class GitArchitectureTest {

    @Test
    void shouldKeepTheGitToolsFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.git");
    }

    @Test
    void shouldStartNoProcess() {
        WorkerArchitecture.checkStartsNoProcess("dev.zen.worker.git", "the git service runs JGit only, never the git command line");
    }
}
