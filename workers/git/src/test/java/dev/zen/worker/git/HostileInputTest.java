package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every hostile argument is refused with a ToolFailure, and nothing under the root (or outside it) changes. */
class HostileInputTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    GitRepositories repositories;
    Path repo;
    Map<String, String> rootBefore;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root).withRemoteAllowlist(Set.of("git.example.org")));
        repo = TestRepos.repoWith(root, "project", Map.of("README.md", "hello\n", "src/a.txt", "a\n"));
        TestRepos.repoWith(outside, "secret", Map.of("secret.txt", "s\n"));
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("secret"));
        Files.createSymbolicLink(repo.resolve("outlink"), outside);
        Files.writeString(repo.resolve("README.md"), "dirty\n");
        Files.createDirectories(root.resolve("gitfile"));
        Files.writeString(root.resolve("gitfile/.git"), "gitdir: " + outside.resolve("secret/.git") + "\n");
        rootBefore = TestRepos.snapshot(root);
        outsideBefore = TestRepos.snapshot(outside);
    }

    @AfterEach
    void tearDown() throws Exception {
        repositories.close();
        assertThat(TestRepos.snapshot(root)).isEqualTo(rootBefore);
        assertThat(TestRepos.snapshot(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void shouldRefuseRepositoriesOutsideTheRoot() {
        for (String bad : List.of("/etc", outside.resolve("secret").toString(), "../x", "project/../../x", "a\0b", "", "escape", "gitfile", "missing")) {
            refused(() -> new StatusOperation(repositories).status(new StatusOperation.Request(bad, null)), "Expected");
            refused(() -> new ChangeOperation(repositories).commit(new ChangeOperation.CommitRequest(bad, "m", null, null, true), null), "Expected");
        }
        refused(() -> new StatusOperation(repositories).status(new StatusOperation.Request("escape", null)), "outside");
        refused(() -> new StatusOperation(repositories).status(new StatusOperation.Request("gitfile", null)), "inside GIT_ROOT");
    }

    @Test
    void shouldRefuseHostilePaths() {
        for (String bad : List.of("../x", "/etc/passwd", "-p", "--all", ".git/config", "src/../../x", "a\0b", "outlink/secret/secret.txt", ".GIT/hooks")) {
            refused(() -> new ChangeOperation(repositories).add(new ChangeOperation.AddRequest("project", List.of("README.md", bad))), "Expected");
            refused(() -> new ChangeOperation(repositories).commit(new ChangeOperation.CommitRequest("project", "m", List.of(bad), null, null), null),
                    "Expected");
            refused(() -> new DiffOperation(repositories).diff(new DiffOperation.Request("project", null, null, List.of(bad), null, null)), "Expected");
        }
        refused(() -> new ChangeOperation(repositories).add(new ChangeOperation.AddRequest("project", List.of("nothing-here.txt"))), "matches nothing");
    }

    @Test
    void shouldRefuseRevisionsThatLookLikeOptions() {
        for (String bad : List.of("-1", "--output=/tmp/x", "HEAD\0", "a b", "x".repeat(300))) {
            refused(() -> new LogOperation(repositories).log(new LogOperation.Request("project", bad, null, null, null, null, null, null)), "Expected ref");
            refused(() -> new DiffOperation(repositories).show(new DiffOperation.ShowRequest("project", bad, null, null, null)), "Expected revision");
            refused(() -> new DiffOperation(repositories).diff(new DiffOperation.Request("project", null, bad, null, null, null)), "Expected target");
            refused(() -> new BranchOperation(repositories).create(new BranchOperation.CreateRequest("project", "ok", bad, null)), "Expected base");
        }
        for (String bad : List.of("-D", "a..b", "a.lock", "x~1", "x^", "x:y", "@", "a//b", "/x")) {
            refused(() -> new BranchOperation(repositories).create(new BranchOperation.CreateRequest("project", bad, null, null)), "Expected name");
            refused(() -> new RemoteOperation(repositories).push(new RemoteOperation.PushRequest("project", null, bad, null, null, null)), "Expected branch");
        }
    }

    @Test
    void shouldRefuseCloneUrlsAndDestinationsThatAreNotAllowed() {
        RemoteOperation remotes = new RemoteOperation(repositories);
        Map<String, String> urls = Map.of(
                "https://evil.example.com/x.git", "GIT_REMOTE_ALLOWLIST",
                "ssh://git@evil.example.com/x.git", "GIT_REMOTE_ALLOWLIST",
                "git@evil.example.com:x.git", "GIT_REMOTE_ALLOWLIST",
                "file://" + outside.resolve("secret"), "file://",
                "ext::sh -c touch% /tmp/pwned", "remote helper (ext::)",
                "git://git.example.org/x.git", "https or ssh",
                "https://user:token@git.example.org/x.git", "without credentials",
                "--upload-pack=touch /tmp/x", "starts with '-'",
                outside.resolve("secret").toString(), "Expected",
                "../outside", "'..'");
        urls.forEach((url, message) -> refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest(url, "new", null, null)), message));
        refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest("https://git.example.org/x", "../x", null, null)), "'..'");
        refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest("https://git.example.org/x", "/tmp/x", null, null)), "absolute");
        refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest("https://git.example.org/x", "project", null, null)), "has files");
        refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest("https://git.example.org/x", "escape/inner", null, null)), "outside");
        refused(() -> remotes.cloneRepository(new RemoteOperation.CloneRequest("project", "copy", 0, null)), "depth");
    }

    @Test
    void shouldRefuseRemotesOfTheRepositoryConfigThatLeadOutside() throws Exception {
        RemoteOperation remotes = new RemoteOperation(repositories);
        TestRepos.addRemote(repo, "outside", outside.resolve("secret").toString());
        TestRepos.addRemote(repo, "evil", "https://evil.example.com/x.git");
        TestRepos.addRemote(repo, "fileurl", "file://" + outside.resolve("secret"));
        TestRepos.addRemote(repo, "alias", "myalias:secret");
        TestRepos.setConfig(repo, "url", outside + "/", "insteadOf", "myalias:");
        TestRepos.addRemote(repo, "cookies", "https://git.example.org/x.git");
        TestRepos.setConfig(repo, "http", null, "cookieFile", outside.resolve("cookies").toString());
        rootBefore = TestRepos.snapshot(root);

        for (String remote : List.of("outside", "evil", "fileurl", "alias")) {
            refused(() -> remotes.fetch(new RemoteOperation.FetchRequest("project", remote, null)), "Expected");
            refused(() -> remotes.push(new RemoteOperation.PushRequest("project", remote, "main", null, null, null)), "Expected");
            refused(() -> remotes.pull(new RemoteOperation.PullRequest("project", remote, "main", null)), "Expected");
        }
        refused(() -> remotes.fetch(new RemoteOperation.FetchRequest("project", "cookies", null)), "cookieFile");
        refused(() -> remotes.fetch(new RemoteOperation.FetchRequest("project", "-x", null)), "Expected remote");
        refused(() -> remotes.fetch(new RemoteOperation.FetchRequest("project", "nonexistent", null)), "to be configured");
    }

    private static void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ToolFailure.class).hasMessageContaining(message);
    }
}
