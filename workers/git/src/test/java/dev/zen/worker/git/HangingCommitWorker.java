package dev.zen.worker.git;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A git worker process for {@link CommitKillIT}: the real git service, except that a {@code git_commit}
 * whose message contains {@code HANG} writes {@code <callId> <instance>} to {@code ZEN_TEST_RUN_LOG}
 * once the commit is made and then hangs before its reply, so that the test can SIGKILL it between
 * the commit and the reply.
 */
public final class HangingCommitWorker {

    private HangingCommitWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path runLog = Path.of(System.getenv("ZEN_TEST_RUN_LOG"));
        WorkerSettings settings = WorkerSettings.fromEnv(System.getenv());
        ServiceDefinition git = GitService.definition(GitSettings.defaults(Path.of(System.getenv("GIT_ROOT"))), "test");
        List<ToolDefinition> tools = git.tools().stream().map(tool -> !tool.name().equals("git_commit") ? tool
                : new ToolDefinition(tool.descriptor(), call -> {
                    var result = tool.handler().handle(call);
                    if (call.arguments().path("message").asString("").contains("HANG")) {
                        Files.writeString(runLog, call.callId() + " " + settings.instanceId() + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        Thread.sleep(600_000);
                    }
                    return result;
                })).toList();
        WorkerRuntime.serve(new ServiceDefinition(git.service(), git.version(), tools, git.resources(), git.resourceTemplates(),
                git.prompts()), settings, runtime -> { });
    }
}
