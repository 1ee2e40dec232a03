package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadSshAndHttpsCredentialsPerHost() throws Exception {
        Path file = dir.resolve("git-credentials.properties");
        Files.writeString(file, """
                GitHub.com.ssh.key=keys/github
                github.com.ssh.known-hosts=/etc/zen/known_hosts
                git.example.org.https.username=zen-bot
                git.example.org.https.token=s3cr3t-token
                """);

        var credentials = CredentialsFile.read(file);

        assertThat(credentials.get("github.com").ssh()).isEqualTo(new HostCredentials.Ssh("git", dir.resolve("keys/github"), Path.of("/etc/zen/known_hosts")));
        assertThat(credentials.get("git.example.org").https().token()).isEqualTo("s3cr3t-token");
        assertThat(credentials.toString()).doesNotContain("s3cr3t-token");
    }

    @Test
    void shouldNameTheKeyButNotTheValueOfABadLine() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "git.example.org.https.password=s3cr3t\n");

        assertThatThrownBy(() -> CredentialsFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("git.example.org.https.password").hasMessageNotContaining("s3cr3t\"");
        Files.writeString(file, "git.example.org.https.token=s3cr3t\n");
        assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageContaining("https.username").hasMessageNotContaining("s3cr3t");
    }
}
