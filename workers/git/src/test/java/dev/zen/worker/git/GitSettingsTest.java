package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.settings.InvalidSettings;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.runtime.settings.SettingsHelp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSettingsTest {

    @TempDir
    Path workingDirectory;

    @Test
    void shouldUseTheDefaultsWhenNoVariableIsSet() {
        // when
        GitSettings settings = read(Map.of());

        // then
        assertThat(settings.root()).isEqualTo(workingDirectory.toAbsolutePath().resolve("data/repos"));
        assertThat(settings.root()).isDirectory();
        assertThat(settings.protectedBranches()).containsExactlyInAnyOrder("main", "master");
        assertThat(settings.remoteAllowlist()).isEmpty();
        assertThat(settings.credentials()).isEmpty();
        assertThat(settings.committerName()).isEqualTo("Zen git");
        assertThat(settings.committerEmail()).isEqualTo("git@zen.invalid");
        assertThat(settings.maxLogEntries()).isEqualTo(500);
        assertThat(settings.maxPatchBytes()).isEqualTo(256 * 1024);
        assertThat(settings.maxStatusEntries()).isEqualTo(1000);
        assertThat(settings.maxMessageBytes()).isEqualTo(64 * 1024);
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.networkTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings).isEqualTo(GitSettings.defaults(settings.root()));
    }

    @Test
    void shouldWriteEveryDefaultAsAnOperatorWould() {
        // when
        Map<String, String> defaults = GitSettings.ALL.stream()
                .collect(Collectors.toMap(Setting::env, SettingsHelp::shownDefault));

        // then
        assertThat(defaults).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("GIT_ROOT", "./data/repos"),
                Map.entry("GIT_PROTECTED_BRANCHES", "main,master"),
                Map.entry("GIT_REMOTE_ALLOWLIST", "unset"),
                Map.entry("GIT_CREDENTIALS_FILE", "unset"),
                Map.entry("GIT_COMMITTER_NAME", "Zen git"),
                Map.entry("GIT_COMMITTER_EMAIL", "git@zen.invalid"),
                Map.entry("GIT_MAX_LOG_ENTRIES", "500"),
                Map.entry("GIT_MAX_PATCH_BYTES", "256KB"),
                Map.entry("GIT_MAX_STATUS_ENTRIES", "1000"),
                Map.entry("GIT_MAX_MESSAGE_BYTES", "64KB"),
                Map.entry("GIT_LOCK_TIMEOUT", "30s"),
                Map.entry("GIT_NETWORK_TIMEOUT", "60s")));
    }

    @Test
    void shouldReadEveryVariable() throws Exception {
        // given
        Path credentials = Files.writeString(workingDirectory.resolve("credentials.properties"), """
                github.com.https.username=x-access-token
                github.com.https.token=ghp_0123456789
                git.example.com.ssh.key=keys/id_ed25519
                git.example.com.ssh.known-hosts=keys/known_hosts
                """);
        Map<String, String> env = Map.ofEntries(
                Map.entry("GIT_ROOT", "repos"),
                Map.entry("GIT_PROTECTED_BRANCHES", "main, release/1.x"),
                Map.entry("GIT_REMOTE_ALLOWLIST", "GitHub.com,git.example.com:2222"),
                Map.entry("GIT_CREDENTIALS_FILE", credentials.toString()),
                Map.entry("GIT_COMMITTER_NAME", "Build Bot"),
                Map.entry("GIT_COMMITTER_EMAIL", "bot@example.com"),
                Map.entry("GIT_MAX_LOG_ENTRIES", "20"),
                Map.entry("GIT_MAX_PATCH_BYTES", "1MB"),
                Map.entry("GIT_MAX_STATUS_ENTRIES", "10"),
                Map.entry("GIT_MAX_MESSAGE_BYTES", "2048"),
                Map.entry("GIT_LOCK_TIMEOUT", "5s"),
                Map.entry("GIT_NETWORK_TIMEOUT", "2m"));

        // when
        GitSettings settings = read(env);

        // then
        assertThat(settings.root()).isEqualTo(workingDirectory.toAbsolutePath().resolve("repos")).isDirectory();
        assertThat(settings.protectedBranches()).containsExactlyInAnyOrder("main", "release/1.x");
        assertThat(settings.remoteAllowlist()).containsExactlyInAnyOrder("github.com", "git.example.com:2222");
        assertThat(settings.credentialsFor("GITHUB.com").https().token()).isEqualTo("ghp_0123456789");
        assertThat(settings.credentialsFor("git.example.com").ssh().privateKey()).isEqualTo(workingDirectory.resolve("keys/id_ed25519"));
        assertThat(settings.committerName()).isEqualTo("Build Bot");
        assertThat(settings.committerEmail()).isEqualTo("bot@example.com");
        assertThat(settings.maxLogEntries()).isEqualTo(20);
        assertThat(settings.maxPatchBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.maxStatusEntries()).isEqualTo(10);
        assertThat(settings.maxMessageBytes()).isEqualTo(2048);
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.networkTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldReportEveryErrorAtOnceNamingEachVariable() {
        // given
        Map<String, String> env = Map.ofEntries(
                Map.entry("GIT_ROOT", "bad\0root"),
                Map.entry("GIT_PROTECTED_BRANCHES", "main,-evil"),
                Map.entry("GIT_REMOTE_ALLOWLIST", "https://github.com"),
                Map.entry("GIT_CREDENTIALS_FILE", workingDirectory.resolve("missing.properties").toString()),
                Map.entry("GIT_COMMITTER_NAME", "Evil <x>"),
                Map.entry("GIT_COMMITTER_EMAIL", "a\nb"),
                Map.entry("GIT_MAX_LOG_ENTRIES", "0"),
                Map.entry("GIT_MAX_PATCH_BYTES", "lots"),
                Map.entry("GIT_MAX_STATUS_ENTRIES", "-1"),
                Map.entry("GIT_MAX_MESSAGE_BYTES", "1TB"),
                Map.entry("GIT_LOCK_TIMEOUT", "0s"),
                Map.entry("GIT_NETWORK_TIMEOUT", "500ms"));

        // when / then
        assertThatThrownBy(() -> read(env)).isInstanceOfSatisfying(InvalidSettings.class, e -> {
            assertThat(e.problems()).hasSize(12);
            for (Setting<?> setting : GitSettings.ALL) {
                assertThat(e.problems()).as(setting.env()).anySatisfy(problem -> assertThat(problem).startsWith("Expected " + setting.env()));
            }
        });
    }

    @Test
    void shouldKeepTheLogCapWithinTheBoundOfMaxCount() {
        // when / then: max_count of git_log is at most 1000, so a larger cap could never be reached
        assertThat(read(Map.of("GIT_MAX_LOG_ENTRIES", "1000")).maxLogEntries()).isEqualTo(1000);
        assertThatThrownBy(() -> read(Map.of("GIT_MAX_LOG_ENTRIES", "1001")))
                .isInstanceOf(InvalidSettings.class)
                .hasMessageContaining("Expected GIT_MAX_LOG_ENTRIES to be between 1 and 1000");
        assertThatThrownBy(() -> GitSettings.defaults(workingDirectory).withCaps(1001, 1024, 10, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GIT_MAX_LOG_ENTRIES").hasMessageContaining("at most 1000");
    }

    @Test
    void shouldNeverShowATokenWhenTheCredentialsFileIsWrong() throws Exception {
        // given: a token without its user name
        Path file = Files.writeString(workingDirectory.resolve("credentials.properties"), "github.com.https.token=ghp_topsecret42\n");

        // when / then
        assertThatThrownBy(() -> read(Map.of("GIT_CREDENTIALS_FILE", file.toString())))
                .isInstanceOf(InvalidSettings.class)
                .hasMessageContaining("GIT_CREDENTIALS_FILE")
                .hasMessageContaining("github.com.https.username")
                .hasMessageNotContaining("ghp_topsecret42");
    }

    @Test
    void shouldNeverShowTheFileWhenItIsNotAPropertiesFile() throws Exception {
        // given: a malformed escape next to a token
        Path file = Files.writeString(workingDirectory.resolve("credentials.properties"),
                "github.com.https.username=bot\ngithub.com.https.token=ghp_topsecret42\\uZZZZ\n");

        // when / then
        assertThatThrownBy(() -> read(Map.of("GIT_CREDENTIALS_FILE", file.toString())))
                .isInstanceOf(InvalidSettings.class)
                .hasMessageStartingWith("Expected GIT_CREDENTIALS_FILE to be a credentials file in properties format")
                .hasMessageNotContaining("ghp_topsecret42");
    }

    @Test
    void shouldRefuseARootThatIsAFile() throws Exception {
        // given
        Path file = Files.writeString(workingDirectory.resolve("file.txt"), "x");

        // when / then
        assertThatThrownBy(() -> read(Map.of("GIT_ROOT", file.toString()))).hasMessageContaining("GIT_ROOT");
    }

    private GitSettings read(Map<String, String> env) {
        return GitSettings.from(Settings.of(env, GitSettings.ALL), workingDirectory);
    }
}
