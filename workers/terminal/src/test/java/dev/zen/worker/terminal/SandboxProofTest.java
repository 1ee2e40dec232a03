package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TestTerminals.assertNoProcessWith;
import static dev.zen.worker.terminal.TestTerminals.out;
import static dev.zen.worker.terminal.TestTerminals.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallToolResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox, proven by trying: each test makes a command attempt an escape and checks that it
 * failed, and where a proof could pass for the wrong reason, a control shows the same attempt succeeds
 * without that part of the sandbox.
 */
class SandboxProofTest {

    private static final String SECRET_NAME = "ZEN_TEST_PLANTED_SECRET";

    @TempDir
    Path base;

    Terminal terminal;

    @AfterEach
    void tearDown() {
        if (terminal != null) {
            terminal.close();
        }
    }

    @Test
    void shouldRefuseWritesOutsideTheWorkspace() throws Exception {
        terminal = TestTerminals.create(base, Map.of());
        Path outside = Files.writeString(base.resolve("outside.txt"), "keep\n");
        for (List<String> attempt : List.of(
                List.of("touch", "/etc/zen-probe"), List.of("touch", "/usr/zen-probe"), List.of("touch", "/zen-probe"),
                List.of("touch", "/dev/zen-probe"), List.of("mkdir", "/proc/zen-probe"),
                List.of("mkdir", "/workspace/../escape"), List.of("rm", outside.toString()),
                List.of("cp", "/etc/hostname", outside.toString()))) {
            CallToolResult result = run(terminal, "terminal_exec", "command", attempt);
            assertThat(out(result).get("exitCode").asLong()).as("%s", attempt).isNotZero();
        }
        assertThat(Files.readString(outside)).isEqualTo("keep\n");
        assertThat(Path.of("/etc/zen-probe")).doesNotExist();
        assertThat(Path.of("/usr/zen-probe")).doesNotExist();
        assertThat(base.resolve("escape")).doesNotExist();
        // the host's file system beyond /usr and /etc is not there at all
        CallToolResult listing = run(terminal, "terminal_exec", "command", List.of("ls", base.toString()));
        assertThat(out(listing).get("stderr").asString()).contains("No such file or directory");
        // control: the workspace itself is writable, and /tmp is private to the command
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("touch", "inside.txt"))).get("exitCode").asLong()).isZero();
        assertThat(terminal.workspace().resolve("inside.txt")).exists();
        String marker = "zen-private-" + UUID.randomUUID();
        assertThat(out(run(terminal, "terminal_exec", "command", List.of("touch", "/tmp/" + marker))).get("exitCode").asLong()).isZero();
        assertThat(Path.of("/tmp", marker)).doesNotExist();
    }

    @Test
    void shouldNotLetACommandMakeUserNamespacesOrFillDevShm() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_SHELL", "on"));
        JsonNode nested = out(run(terminal, "shell_command", "script", "unshare -Ur id -u"));
        assertThat(nested.get("exitCode").asLong()).isNotZero();
        assertThat(nested.get("stdout").asString()).isEmpty();
        // /dev/shm is the one writable place in /dev, and it is small
        JsonNode shm = out(run(terminal, "shell_command", "script", "dd if=/dev/zero of=/dev/shm/f bs=1M count=64"));
        assertThat(shm.get("exitCode").asLong()).isNotZero();
        assertThat(shm.get("stderr").asString()).contains("No space left on device");
        // control: without the sandbox's user namespace rule the same command makes one (the proof can fail)
        Process control = new ProcessBuilder("unshare", "-Ur", "id", "-u").redirectErrorStream(true).start();
        assertThat(new String(control.getInputStream().readAllBytes()).strip()).isEqualTo("0");
    }

    @Test
    void shouldNotShowTheWorkersEnvironment() throws Exception {
        String secret = System.getenv(SECRET_NAME);
        assertThat(secret).as("the build plants %s in this JVM's environment", SECRET_NAME).isNotBlank();
        terminal = TestTerminals.create(base, Map.of("TERMINAL_SHELL", "on"));
        for (List<String> attempt : List.of(List.of("cat", "/proc/self/environ"), List.of("cat", "/proc/1/environ"))) {
            JsonNode result = out(run(terminal, "terminal_exec", "command", attempt));
            assertThat(result.get("exitCode").asLong()).as("%s", attempt).isZero();
            assertThat(result.get("stdout").asString()).as("%s", attempt).doesNotContain(secret).doesNotContain(SECRET_NAME)
                    .contains("PATH=/usr/local/bin:/usr/bin:/bin");
        }
        JsonNode everywhere = out(run(terminal, "shell_command", "script", "env; cat /proc/[0-9]*/environ | tr '\\0' '\\n'; "
                + "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"));
        assertThat(everywhere.get("stdout").asString()).contains("HOME=/tmp").doesNotContain(secret).doesNotContain(SECRET_NAME);
    }

    @Test
    void shouldHaveNoNetworkUnlessTurnedOn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        accepted.incrementAndGet();
                        socket.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            List<String> curl = List.of("curl", "-sS", "--max-time", "5", "http://127.0.0.1:" + server.getLocalPort() + "/");
            terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "curl"));
            JsonNode refused = out(run(terminal, "terminal_exec", "command", curl));
            assertThat(refused.get("exitCode").asLong()).isEqualTo(7); // curl: failed to connect
            assertThat(accepted).hasValue(0);
            terminal.close();
            // control: the same command with the network on reaches the listener
            terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "curl", "TERMINAL_NETWORK", "on"));
            JsonNode reached = out(run(terminal, "terminal_exec", "command", curl));
            assertThat(reached.get("exitCode").asLong()).isZero();
            assertThat(reached.get("stdout").asString()).isEqualTo("ok");
            assertThat(accepted).hasValue(1);
            server.close();
            acceptor.join(2_000);
        }
    }

    @Test
    void shouldStopAForkBombAtTheProcessLimit() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_SHELL", "on", "TERMINAL_MAX_PROCESSES", "24"));
        String token = "bomb" + UUID.randomUUID().toString().replace("-", "");
        JsonNode result = out(run(terminal, "shell_command", "script", ": " + token + "; f() { f | f & }; f; sleep 1; echo survived",
                "timeout_ms", 8_000));
        assertThat(result.get("stderr").asString()).containsAnyOf("Cannot fork", "Resource temporarily unavailable");
        assertNoProcessWith(token);
        // the limit is per command: a normal command right after runs
        JsonNode after = out(run(terminal, "shell_command", "script", "for i in 1 2 3 4 5; do sleep 0.1 & done; wait; echo fine"));
        assertThat(after.get("stdout").asString()).isEqualTo("fine\n");
    }

    @Test
    void shouldKillATimedOutCommandWithItsWholeTree() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_SHELL", "on"));
        String nonce = String.valueOf(System.nanoTime() % 1_000_000);
        CallToolResult sleep = run(terminal, "terminal_exec", "command", List.of("sleep", "100." + nonce), "timeout_ms", 1_000);
        assertThat(sleep.isErrorResult()).isTrue();
        assertThat(out(sleep).get("timedOut").asBoolean()).isTrue();
        assertThat(out(sleep).has("exitCode")).isFalse();
        assertThat(out(sleep).get("durationMs").asLong()).isBetween(900L, 5_000L);
        assertNoProcessWith("100." + nonce);
        // children, a new session and a double fork: all die with the command
        String script = "sleep 101." + nonce + " & setsid sleep 102." + nonce + " & (sleep 103." + nonce + " &) ; sleep 104." + nonce;
        CallToolResult tree = run(terminal, "shell_command", "script", script, "timeout_ms", 1_000);
        assertThat(out(tree).get("timedOut").asBoolean()).isTrue();
        for (String n : List.of("101.", "102.", "103.", "104.")) {
            assertNoProcessWith(n + nonce);
        }
    }
}
