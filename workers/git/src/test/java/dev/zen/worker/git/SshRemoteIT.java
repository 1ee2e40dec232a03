package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push, fetch, pull and clone over SSH against an Apache MINA SSHD server (from the sshd-osgi jar JGit
 * brings) that accepts one public key and runs JGit's UploadPack/ReceivePack for git-upload-pack and
 * git-receive-pack. One server for the class.
 */
class SshRemoteIT {

    @TempDir
    static Path served;

    @TempDir
    static Path keys;

    @TempDir
    Path root;

    static SshServer server;
    static KeyPair clientKey;
    static Path keyFile;
    static Path knownHosts;
    static Path wrongKeyFile;
    static Path wrongKnownHosts;

    @BeforeAll
    static void startServer() throws Exception {
        TestRepos.seededBare(served, "remote.git", "over ssh\n");
        KeyPair hostKey = ecKey();
        clientKey = ecKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new GitCommand(command));
        server.start();

        keyFile = writePrivateKey(clientKey, "id_ecdsa");
        knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        wrongKeyFile = writePrivateKey(ecKey(), "id_wrong");
        wrongKnownHosts = keys.resolve("known_hosts_wrong");
        Files.writeString(wrongKnownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(ecKey().getPublic()) + "\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop(true);
    }

    private GitRepositories repositories(Path key, Path hosts) {
        return new GitRepositories(GitSettings.defaults(root).withRemoteAllowlist(Set.of("127.0.0.1"))
                .withCredentials(Map.of("127.0.0.1", new HostCredentials(new HostCredentials.Ssh("git", key, hosts), null))));
    }

    private static String url() {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/remote.git";
    }

    @Test
    void shouldCloneCommitPushFetchAndPullWithTheConfiguredKeyAndNoSshProgram() throws Exception {
        Path marker = root.resolve("ssh-marker");
        try (GitRepositories repositories = repositories(keyFile, knownHosts)) {
            PushOperation pushes = new PushOperation(repositories);
            FetchOperation fetches = new FetchOperation(repositories);
            PullOperation pulls = new PullOperation(repositories);
            CloneOperation clones = new CloneOperation(repositories);

            var cloned = clones.cloneRepository(new CloneOperation.CloneRequest(url(), "one", null, null));
            clones.cloneRepository(new CloneOperation.CloneRequest(url(), "two", null, null));
            TestRepos.setConfig(root.resolve("one"), "core", null, "sshCommand", "touch " + marker);
            TestRepos.commit(root.resolve("one"), "from one", Map.of("one.txt", "1"));
            var pushed = pushes.push(new PushOperation.PushRequest("one", null, null, null, null, null));
            fetches.fetch(new FetchOperation.FetchRequest("two", null, null));
            var pulled = pulls.pull(new PullOperation.PullRequest("two", null, null, null));

            assertThat(cloned.head()).isNotNull();
            assertThat(pushed.status()).isEqualTo("OK");
            assertThat(pulled.outcome()).isEqualTo("FAST_FORWARD");
            assertThat(root.resolve("two/one.txt")).hasContent("1");
            assertThat(marker).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAKeyTheServerDoesNotKnowWithoutNamingTheKeyFile() {
        try (GitRepositories repositories = repositories(wrongKeyFile, knownHosts)) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "bad", null, null)))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("refused them")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keys.toString()).doesNotContain(root.toString()));
            assertThat(root.resolve("bad")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAServerWhoseHostKeyIsNotInKnownHosts() {
        try (GitRepositories repositories = repositories(keyFile, wrongKnownHosts)) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "spoofed", null, null)))
                    .isInstanceOf(ToolFailure.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("key").doesNotContain(keys.toString()));
            assertThat(root.resolve("spoofed")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAnSshHostWithoutConfiguredCredentials() {
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root).withRemoteAllowlist(Set.of("127.0.0.1")))) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "none", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("SSH credentials for host '127.0.0.1'");
            assertThat(root.resolve("none")).doesNotExist();
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Path writePrivateKey(KeyPair pair, String name) throws Exception {
        Path file = keys.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", null, out);
        }
        return file;
    }

    /** git-upload-pack / git-receive-pack '<path>' on a repository under {@code served}, run by JGit in-process. */
    private static final class GitCommand implements Command, Runnable {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread.ofVirtual().start(this);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }

        @Override
        public void run() {
            int space = command.indexOf(' ');
            String program = command.substring(0, space);
            String path = command.substring(space + 1).replace("'", "").replaceFirst("^/", "");
            try (Repository repository = new FileRepositoryBuilder().setGitDir(served.resolve(path).toFile()).setMustExist(true).build()) {
                if (program.equals("git-upload-pack")) {
                    new UploadPack(repository).upload(in, out, err);
                } else if (program.equals("git-receive-pack")) {
                    new ReceivePack(repository).receive(in, out, err);
                } else {
                    exit.onExit(127, "unknown command");
                    return;
                }
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, String.valueOf(e.getMessage()));
            }
        }
    }
}
