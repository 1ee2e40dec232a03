package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TestTerminals.out;
import static dev.zen.worker.terminal.TestTerminals.run;
import static dev.zen.worker.terminal.TestTerminals.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input: every case is refused with its exact reason, and nothing ran: no process started
 * (the runner's and the background registry's counts stay as they were) and the workspace is unchanged.
 * Each would-be command tries to create a file named {@code pwned} if it ran.
 */
class HostileInputTest {

    private static final Principal ALICE = new Principal("alice", List.of("user"), "acme");
    private static final Principal MALLORY = new Principal("mallory", List.of("user"), "acme");

    @TempDir
    static Path base;

    static Terminal terminal;
    static Path outside;

    @BeforeAll
    static void setUp() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_MAX_TIMEOUT", "60s", "TERMINAL_MAX_OUTPUT", "128KB"));
        outside = Files.createDirectories(base.resolve("outside"));
        Path workspace = terminal.workspace();
        Files.createDirectories(workspace.resolve("sub"));
        Files.createSymbolicLink(workspace.resolve("out-link"), outside);
        Files.createSymbolicLink(workspace.resolve("ls-link"), Path.of("/usr/bin/ls"));
    }

    @AfterAll
    static void tearDown() {
        terminal.close();
    }

    static Stream<Arguments> refusedExec() {
        String huge = "x".repeat(1000);
        List<String> hugeArgv = new ArrayList<>(List.of("touch"));
        hugeArgv.addAll(Collections.nCopies(200, huge));
        List<String> tooMany = new ArrayList<>(List.of("touch"));
        tooMany.addAll(Collections.nCopies(300, "pwned"));
        return Stream.of(
                // executables that are not on the list
                Arguments.of("not on the list", List.of("uname", "-a"), Map.of(), "'uname' is not on it"),
                Arguments.of("not on the list, absolute", List.of("/usr/bin/uname", "-a"), Map.of(), "'/usr/bin/uname' is not on it"),
                Arguments.of("a program with a way to run others", List.of("wget", "--use-askpass=/workspace/x", "http://x"), Map.of(),
                        "'wget' is a shell, launcher or interpreter"),
                Arguments.of("an interpreter", List.of("python3", "-c", "open('pwned','w')"), Map.of(), "is a shell, launcher or interpreter"),
                Arguments.of("perl", List.of("perl", "-e", "open(F,'>pwned')"), Map.of(), "is a shell, launcher or interpreter"),
                // an allowed binary reached by another path
                Arguments.of("another path", List.of("/bin/touch", "pwned"), Map.of(), "but '/bin/touch' is another path"),
                Arguments.of("a relative path", List.of("./touch", "pwned"), Map.of(), "is another path"),
                Arguments.of("climbing", List.of("../../usr/bin/touch", "pwned"), Map.of(), "is another path"),
                Arguments.of("a symlink in the workspace", List.of("/workspace/ls-link", "pwned"), Map.of(), "is another path to it"),
                // shells and launchers used to escape the list
                Arguments.of("sh", List.of("sh", "-c", "touch pwned"), Map.of(), "'sh' is a shell, launcher or interpreter"),
                Arguments.of("bash", List.of("bash", "-c", "touch pwned"), Map.of(), "'bash' is a shell, launcher or interpreter"),
                Arguments.of("env", List.of("env", "touch", "pwned"), Map.of(), "'env' is a shell, launcher or interpreter"),
                Arguments.of("/usr/bin/env", List.of("/usr/bin/env", "touch", "pwned"), Map.of(), "is a shell, launcher or interpreter"),
                Arguments.of("xargs", List.of("xargs", "touch"), Map.of(), "'xargs' is a shell, launcher or interpreter"),
                Arguments.of("timeout", List.of("timeout", "5", "touch", "pwned"), Map.of(), "'timeout' is a shell, launcher"),
                Arguments.of("nohup", List.of("nohup", "touch", "pwned"), Map.of(), "'nohup' is a shell, launcher"),
                Arguments.of("busybox", List.of("busybox", "touch", "pwned"), Map.of(), "'busybox' is a shell, launcher"),
                // what the argv holds
                Arguments.of("NUL in argv", List.of("touch", "pwned\0x"), Map.of(), "'command[1]' to have no NUL character, but it has one"),
                Arguments.of("newline in argv", List.of("touch", "a\npwned"), Map.of(), "without line breaks, but command[1] has one"),
                Arguments.of("CR in argv", List.of("touch", "pwned\r"), Map.of(), "without line breaks, but command[1] has one"),
                Arguments.of("NUL in argv[0]", List.of("tou\0ch", "pwned"), Map.of(), "'command[0]' to have no NUL character"),
                Arguments.of("a huge argv", hugeArgv, Map.of(), "to take at most 131072 bytes, but it takes"),
                Arguments.of("too many arguments", tooMany, Map.of(), "to have 1 to 256 command, but it has 301"),
                Arguments.of("no command", List.of(), Map.of(), "to have 1 to 256 command, but it has 0"),
                Arguments.of("an empty executable", List.of("", "pwned"), Map.of(), "command[0] to name an executable, but it is empty"),
                // per-command rules
                Arguments.of("git writes", List.of("git", "commit", "-m", "pwned"), Map.of(), "one of the subcommands"),
                Arguments.of("git global option", List.of("git", "-c", "core.pager=touch pwned", "log"), Map.of(),
                        "but it was given '-c'"),
                Arguments.of("find -exec", List.of("find", ".", "-exec", "touch", "pwned", ";"), Map.of(), "command[2] '-exec' is refused"),
                Arguments.of("find -delete", List.of("find", ".", "-delete"), Map.of(), "'-delete' is refused"),
                // every spelling GNU getopt accepts: abbreviations, bundles, tar's old style
                Arguments.of("git grep -O in a bundle", List.of("git", "grep", "--no-index", "-lOsh -c 'touch pwned';:", "x"), Map.of(),
                        "is refused (-O*)"),
                Arguments.of("an abbreviated long option", List.of("git", "grep", "--open-files-in-pag=touch pwned", "x"), Map.of(),
                        "is refused (--open-files-in-pager*)"),
                Arguments.of("sort --compress-program abbreviated", List.of("sort", "--co=sh", "-S", "1k"), Map.of(),
                        "'--co=sh' is refused (--compress-program*)"),
                Arguments.of("tar --to-command abbreviated", List.of("tar", "--to-comm=touch pwned", "-xf", "x.tar"), Map.of(),
                        "is refused (--to-command*)"),
                Arguments.of("tar -I in a bundle", List.of("tar", "-cvItouch pwned", "-f", "x.tar", "."), Map.of(), "is refused (-I)"),
                Arguments.of("tar's old style", List.of("tar", "cfI", "x.tar", "touch pwned", "."), Map.of(),
                        "command[1] 'cfI' is refused (-I)"),
                Arguments.of("tar --checkpoint-action abbreviated", List.of("tar", "--checkpoint-act=exec=touch pwned", "-cf", "x.tar", "."),
                        Map.of(), "is refused (--checkpoint-action*)"),
                // the environment
                Arguments.of("LD_PRELOAD", List.of("touch", "x"), Map.of("env", Map.of("LD_PRELOAD", "/tmp/evil.so")),
                        "env.LD_PRELOAD is not (it changes what a command loads or runs"),
                Arguments.of("PATH", List.of("touch", "x"), Map.of("env", Map.of("PATH", "/workspace")),
                        "env.PATH is not (it changes what a command loads or runs"),
                Arguments.of("an unlisted name", List.of("touch", "x"), Map.of("env", Map.of("FOO", "1")), "env.FOO is not; nothing ran"),
                Arguments.of("TAR_OPTIONS", List.of("touch", "x"), Map.of("env", Map.of("TAR_OPTIONS", "--to-command=sh")),
                        "env.TAR_OPTIONS is not (it changes what a command loads or runs"),
                Arguments.of("a locale path", List.of("touch", "x"), Map.of("env", Map.of("LANG", "/workspace/evil")),
                        "Expected env.LANG to name a locale"),
                Arguments.of("a time zone path", List.of("touch", "x"), Map.of("env", Map.of("TZ", ":/workspace/evil")),
                        "Expected env.TZ to name a time zone"),
                Arguments.of("a time zone climbing", List.of("touch", "x"), Map.of("env", Map.of("TZ", "../../workspace/evil")),
                        "Expected env.TZ to name a time zone"),
                Arguments.of("a non-string value", List.of("touch", "x"), Map.of("env", Map.of("LANG", 5)), "env.LANG to be a string"),
                // the working directory
                Arguments.of("absolute cwd", List.of("touch", "pwned"), Map.of("cwd", "/etc"), "'/etc' is absolute"),
                Arguments.of("cwd climbing", List.of("touch", "pwned"), Map.of("cwd", "sub/../.."), "contains '..'"),
                Arguments.of("cwd through a symlink", List.of("touch", "pwned"), Map.of("cwd", "out-link"),
                        "leads outside it through a symbolic link"),
                Arguments.of("missing cwd", List.of("touch", "pwned"), Map.of("cwd", "nowhere"), "'nowhere' does not exist"),
                // caps
                Arguments.of("timeout over the cap", List.of("touch", "pwned"), Map.of("timeout_ms", 60_001),
                        "'timeout_ms' to be between 1 and 60000"),
                Arguments.of("output over the cap", List.of("touch", "pwned"), Map.of("max_output_bytes", 200_000),
                        "'max_output_bytes' to be between 1 and 131072"),
                Arguments.of("an unknown argument", List.of("touch", "pwned"), Map.of("shell", true), "but got 'shell'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedExec")
    void shouldRefuseWithTheReasonAndRunNothing(String name, List<String> command, Map<String, Object> more, String reason)
            throws Exception {
        long before = terminal.runner().started() + terminal.processes().started();
        List<Object> arguments = new ArrayList<>(List.of("command", command));
        more.forEach((key, value) -> {
            arguments.add(key);
            arguments.add(value);
        });
        for (String tool : List.of("terminal_exec", "process_start")) {
            List<Object> forTool = new ArrayList<>(arguments);
            if (tool.equals("process_start")) {
                // process_start has no timeout or output cap of its own: the other cases apply to it unchanged
                if (more.containsKey("timeout_ms") || more.containsKey("max_output_bytes")) {
                    continue;
                }
            }
            assertThatThrownBy(() -> run(terminal, tool, forTool.toArray()))
                    .as("%s via %s", name, tool)
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining(reason);
        }
        assertThat(terminal.runner().started() + terminal.processes().started()).as("processes started").isEqualTo(before);
        assertThat(Files.exists(terminal.workspace().resolve("pwned"))).isFalse();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldNotOfferTheShellUnlessTurnedOn() {
        assertThat(terminal.tools()).extracting(t -> t.name()).doesNotContain("shell_command")
                .contains("terminal_exec", "system_info", "process_start", "process_read", "process_input", "process_kill", "process_list");
    }

    @Test
    void shouldHideAnotherPrincipalsProcess() throws Exception {
        String id = out(runAs(terminal, ALICE, "process_start", "command", List.of("sleep", "30"))).get("process_id").asString();
        try {
            for (String tool : List.of("process_read", "process_input", "process_kill")) {
                assertThatThrownBy(() -> runAs(terminal, MALLORY, tool, "process_id", id))
                        .as(tool).isInstanceOf(ToolFailure.class)
                        .hasMessage("Expected a background process of yours, but there is no process '" + id + "' (ended processes are "
                                + "kept 900 s; processes live on the worker replica that started them)");
            }
            assertThat(out(runAs(terminal, MALLORY, "process_list")).get("processes")).isEmpty();
            // the same tenant and another subject, or the same subject in another tenant, are other principals
            assertThatThrownBy(() -> runAs(terminal, new Principal("alice", List.of(), "other"), "process_kill", "process_id", id))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("there is no process");
            assertThat(out(runAs(terminal, ALICE, "process_list")).get("processes").get(0).get("running").asBoolean()).isTrue();
        } finally {
            runAs(terminal, ALICE, "process_kill", "process_id", id);
        }
    }

    @Test
    void shouldRefuseAShellOnTheListWhileTheShellIsOff() throws Exception {
        for (String launcher : List.of("bash", "sh", "env", "xargs", "python3", "/usr/bin/env")) {
            Path own = base.resolve("w-" + launcher.replace('/', '_'));
            assertThatThrownBy(() -> TestTerminals.create(Files.createDirectories(own),
                    Map.of("TERMINAL_ALLOWED_COMMANDS", "ls," + launcher)))
                    .as(launcher)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("runs whatever it is told, so the list would limit nothing");
        }
    }
}
