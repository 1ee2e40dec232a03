package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TestTerminals.out;
import static dev.zen.worker.terminal.TestTerminals.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.testkit.ToolCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What terminal_exec, shell_command and system_info answer for commands that may run. */
class TerminalToolsTest {

    @TempDir
    static Path base;

    static Terminal terminal;

    @BeforeAll
    static void setUp() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_SHELL", "on",
                "TERMINAL_ALLOWED_COMMANDS", "true,false,echo,printf,cat,ls,pwd,touch,mkdir,sleep,head,seq,git,find,sed,sh"));
    }

    @AfterAll
    static void tearDown() {
        terminal.close();
    }

    @Test
    void shouldAnswerExitCodeOutputAndDuration() throws Exception {
        CallToolResult result = run(terminal, "terminal_exec", "command", List.of("echo", "hello", "world"));
        JsonNode answer = out(result);
        assertThat(result.isErrorResult()).isFalse();
        assertThat(answer.get("exitCode").asLong()).isZero();
        assertThat(answer.get("stdout").asString()).isEqualTo("hello world\n");
        assertThat(answer.get("stderr").asString()).isEmpty();
        assertThat(answer.get("timedOut").asBoolean()).isFalse();
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        assertThat(answer.get("argv")).hasSize(3);
        assertThat(ToolCalls.text(result)).startsWith("exit 0 in ").contains("hello world");
        JsonNode failed = out(run(terminal, "terminal_exec", "command", List.of("ls", "no-such-file")));
        assertThat(failed.get("exitCode").asLong()).isEqualTo(2);
        assertThat(failed.get("stderr").asString()).contains("No such file or directory");
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("false"))).get("exitCode").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRunInTheWorkspaceWithStdinEnvAndCwd() throws Exception {
        // made by a command, so that the sandbox's uid owns it (a directory the root worker made would be read-only to it)
        run(terminal, "terminal_exec", "command", List.of("mkdir", "-p", "dir/inner"));
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("pwd"), "cwd", "dir/inner")).get("stdout").asString())
                .isEqualTo("/workspace/dir/inner\n");
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("cat"), "stdin", "from stdin\n")).get("stdout").asString())
                .isEqualTo("from stdin\n");
        JsonNode env = out(run(terminal, "shell_command", "script", "echo \"$TZ|$HOME|$PATH\"", "env", Map.of("TZ", "Europe/Paris")));
        assertThat(env.get("stdout").asString()).isEqualTo("Europe/Paris|/tmp|/usr/local/bin:/usr/bin:/bin\n");
        run(terminal, "terminal_exec", "command", List.of("touch", "made-here.txt"), "cwd", "dir");
        assertThat(terminal.workspace().resolve("dir/made-here.txt")).exists();
    }

    @Test
    void shouldKeepHeadAndTailOfLongOutput() throws Exception {
        JsonNode answer = out(run(terminal, "terminal_exec", "command", List.of("seq", "1", "100000"), "max_output_bytes", 1000));
        String stdout = answer.get("stdout").asString();
        assertThat(answer.get("truncated").asBoolean()).isTrue();
        assertThat(answer.get("stdoutBytes").asLong()).isEqualTo(588_895L);
        assertThat(stdout).startsWith("1\n2\n3\n").endsWith("99999\n100000\n").contains("bytes left out");
        assertThat(stdout.length()).isLessThan(1100);
    }

    @Test
    void shouldApplyThePolicyToGit() throws Exception {
        run(terminal, "terminal_exec", "command", List.of("mkdir", "repo"));
        Path repo = terminal.workspace().resolve("repo");
        run(terminal, "shell_command", "script", "git init -q . && git -c user.email=a@b -c user.name=a commit -q --allow-empty -m first",
                "cwd", "repo");
        assertThat(repo.resolve(".git")).exists();
        JsonNode log = out(run(terminal, "terminal_exec", "command", List.of("git", "log", "--oneline"), "cwd", "repo"));
        assertThat(log.get("exitCode").asLong()).isZero();
        assertThat(log.get("stdout").asString()).contains("first");
        // the forced prefix: a repository's fsmonitor hook never runs
        run(terminal, "shell_command", "script", "git config core.fsmonitor 'touch hooked; false'", "cwd", "repo");
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("git", "status"), "cwd", "repo")).get("exitCode").asLong()).isZero();
        assertThat(repo.resolve("hooked")).doesNotExist();
        assertThatThrownBy(() -> run(terminal, "terminal_exec", "command", List.of("git", "push"), "cwd", "repo"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("but it was given 'push'");
        // sed runs with --sandbox: no e, r or w commands
        JsonNode sed = out(run(terminal, "terminal_exec", "command", List.of("sed", "e touch sed-ran"), "stdin", "x\n"));
        assertThat(sed.get("exitCode").asLong()).isNotZero();
        assertThat(sed.get("stderr").asString()).contains("disabled in sandbox mode");
        assertThat(terminal.workspace().resolve("sed-ran")).doesNotExist();
    }

    @Test
    void shouldReportProgressWhileACommandRuns() throws Exception {
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.zen.worker.runtime.ClientChannel client = new ProgressRecorder(progress);
        CallToolResult result = terminal.tool("terminal_exec").handler().handle(new dev.zen.worker.runtime.ToolCall("c-1", "terminal_exec",
                ToolCalls.arguments("command", List.of("sleep", "2.5")), dev.zen.schemas.Principal.ANONYMOUS,
                System.currentTimeMillis() + 30_000, client));
        assertThat(out(result).get("exitCode").asLong()).isZero();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.getFirst()).contains("'sleep' running for 1 s");
    }

    /** A client that keeps the progress messages it is sent. */
    private record ProgressRecorder(List<String> messages) implements dev.zen.worker.runtime.ClientChannel {

        @Override
        public void progress(double progress, Double total, String message) {
            messages.add(progress + "/" + total + " " + message);
        }

        @Override
        public void log(String level, String logger, JsonNode data) {
        }

        @Override
        public JsonNode sample(JsonNode params) throws InterruptedException {
            return NONE.sample(params);
        }

        @Override
        public JsonNode elicit(JsonNode params) throws InterruptedException {
            return NONE.elicit(params);
        }

        @Override
        public Map<String, JsonNode> ask(Map<String, dev.zen.worker.runtime.ClientRequest> requests) throws InterruptedException {
            return NONE.ask(requests);
        }

        @Override
        public boolean supports(String capability) {
            return false;
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void closeStream() {
        }

        @Override
        public void resourceUpdated(String uri) {
        }

        @Override
        public void listChanged(String list) {
        }
    }

    @Test
    void shouldEndAtTheCallsDeadlineWhenItComesFirst() throws Exception {
        CallToolResult result = terminal.tool("terminal_exec").handler().handle(new dev.zen.worker.runtime.ToolCall("c-2", "terminal_exec",
                ToolCalls.arguments("command", List.of("sleep", "30")), dev.zen.schemas.Principal.ANONYMOUS,
                System.currentTimeMillis() + 1_500));
        assertThat(out(result).get("timedOut").asBoolean()).isTrue();
        assertThat(ToolCalls.text(result)).contains("the call's deadline");
    }

    @Test
    void shouldDescribeTheSystemButNeverTheEnvironment() throws Exception {
        CallToolResult result = run(terminal, "system_info");
        JsonNode info = out(result);
        assertThat(info.get("kernel").asString()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(info.get("cpus").asLong()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.get("memoryTotalBytes").asLong()).isPositive();
        assertThat(info.get("workspaceDiskFreeBytes").asLong()).isPositive();
        assertThat(info.get("sandboxed").asBoolean()).isTrue();
        assertThat(info.get("network").asBoolean()).isFalse();
        assertThat(info.get("commands").get("git").get("version").asString()).startsWith("git version");
        assertThat(info.get("commands").get("ls").get("path").asString()).isEqualTo("/usr/bin/ls");
        String all = result.toString();
        assertThat(all).doesNotContain(System.getenv("ZEN_TEST_PLANTED_SECRET")).doesNotContain("JAVA_HOME");
    }
}
