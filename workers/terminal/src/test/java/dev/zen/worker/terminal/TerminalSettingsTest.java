package dev.zen.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.settings.InvalidSettings;
import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.testkit.SettingsDocumentation;
import dev.zen.worker.testkit.WorkerArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings: defaults, what is refused at start, documentation, and the module's shape. */
class TerminalSettingsTest {

    @TempDir
    Path base;

    @Test
    void shouldDefaultToASandboxWithoutNetworkOrShell() {
        TerminalSettings settings = TerminalSettings.from(Settings.of(Map.of(), TerminalSettings.ALL));
        assertThat(settings.sandbox()).isTrue();
        assertThat(settings.network()).isFalse();
        assertThat(settings.shell()).isFalse();
        assertThat(settings.workdir()).isEqualTo(Path.of("data/workspace").toAbsolutePath());
        assertThat(settings.allowedCommands()).contains("ls", "git", "sed").doesNotContain("sh", "bash", "env", "xargs");
        assertThat(settings.maxConcurrent()).isEqualTo(64);
        assertThat(settings.maxTimeout().toMinutes()).isEqualTo(10);
    }

    @Test
    void shouldRefuseEnvironmentNamesThatChangeWhatRuns() {
        for (String name : new String[] {"PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "GIT_SSH_COMMAND", "PYTHONPATH", "HOME",
                "NODE_OPTIONS", "GLIBC_TUNABLES", "1BAD", "A-B"}) {
            assertThatThrownBy(() -> Settings.of(Map.of("TERMINAL_ENV_ALLOWLIST", "LANG," + name), TerminalSettings.ALL))
                    .as(name).isInstanceOf(InvalidSettings.class).hasMessageContaining("TERMINAL_ENV_ALLOWLIST");
        }
        assertThat(Settings.of(Map.of("TERMINAL_ENV_ALLOWLIST", "LANG,MY_FLAG"), TerminalSettings.ALL)
                .get(TerminalSettings.ENV_ALLOWLIST)).containsExactly("LANG", "MY_FLAG");
    }

    @Test
    void shouldRefuseBadCommandEntriesAndCaps() {
        for (String entries : new String[] {"ls,../bin/ls", "ls,bin/ls", "/usr/bin/../bin/ls", "ls,a\nb"}) {
            assertThatThrownBy(() -> Settings.of(Map.of("TERMINAL_ALLOWED_COMMANDS", entries), TerminalSettings.ALL))
                    .as(entries).isInstanceOf(InvalidSettings.class).hasMessageContaining("TERMINAL_ALLOWED_COMMANDS");
        }
        assertThatThrownBy(() -> TerminalSettings.from(Settings.of(Map.of("TERMINAL_TIMEOUT", "5m", "TERMINAL_MAX_TIMEOUT", "1m"),
                TerminalSettings.ALL))).hasMessageContaining("TERMINAL_TIMEOUT (PT5M) to be at most TERMINAL_MAX_TIMEOUT");
        assertThatThrownBy(() -> Settings.of(Map.of("TERMINAL_MAX_OUTPUT", "2MB"), TerminalSettings.ALL))
                .hasMessageContaining("TERMINAL_MAX_OUTPUT");
        assertThatThrownBy(() -> Settings.of(Map.of("TERMINAL_MAX_PROCESSES", "1"), TerminalSettings.ALL))
                .hasMessageContaining("TERMINAL_MAX_PROCESSES");
    }

    @Test
    void shouldResolveAllowedCommandsToAbsolutePathsAtStart() {
        AllowedCommands allowed = new AllowedCommands(java.util.Set.of("ls", "/usr/bin/cat", "no-such-tool-zen"), false);
        assertThat(allowed.all()).extracting(AllowedCommands.Executable::name).containsExactly("cat", "ls");
        assertThat(allowed.all()).extracting(e -> e.path().toString()).containsExactly("/usr/bin/cat", "/usr/bin/ls");
        assertThat(allowed.missing()).containsExactly("no-such-tool-zen");
        assertThatThrownBy(() -> new AllowedCommands(java.util.Set.of("/etc/passwd"), false))
                .hasMessageContaining("to be an executable file");
        // with the shell on, a shell may be listed
        assertThat(new AllowedCommands(java.util.Set.of("sh"), true).all()).extracting(AllowedCommands.Executable::name)
                .containsExactly("sh");
    }

    @Test
    void shouldRefuseToStartWhenTheSandboxCannotBeMade() throws Exception {
        // a workspace under a directory the sandbox's uid cannot pass through: the probe finds out before any tool is offered
        Path hidden = Files.createDirectories(base.resolve("hidden"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Terminal.runningAsRoot(), "only a root worker drops to another uid");
        TerminalService service = new TerminalService();
        Settings values = Settings.of(Map.of("TERMINAL_WORKDIR", hidden.resolve("workspace").toString()), TerminalSettings.ALL);
        assertThat(service.unavailableReason(values)).contains("the sandbox cannot reach the workspace");
        assertThatThrownBy(() -> service.define(values, "test")).isInstanceOf(IllegalStateException.class);
        // off on purpose: it starts, unsandboxed, and says so
        TerminalService off = new TerminalService();
        Settings offValues = Settings.of(Map.of("TERMINAL_WORKDIR", hidden.resolve("workspace").toString(), "TERMINAL_SANDBOX", "off"),
                TerminalSettings.ALL);
        assertThat(off.unavailableReason(offValues)).isNull();
        assertThat(off.define(offValues, "test").warnings()).singleElement().asString().contains("unsandboxed");
        assertThat(off.describe(offValues)).contains("none (TERMINAL_SANDBOX=off)");
    }

    @Test
    void shouldDocumentEverySettingInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), TerminalSettings.ALL);
    }

    @Test
    void shouldKeepHandlersFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.terminal");
    }
}
