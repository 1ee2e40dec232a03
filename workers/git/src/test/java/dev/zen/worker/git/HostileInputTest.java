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
import org.eclipse.jgit.api.Git;
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
    PushOperation pushes;
    FetchOperation fetches;
    PullOperation pulls;
    CloneOperation clones;
    Path repo;
    Map<String, String> rootBefore;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root).withRemoteAllowlist(Set.of("git.example.org")));
        pushes = new PushOperation(repositories);
        fetches = new FetchOperation(repositories);
        pulls = new PullOperation(repositories);
        clones = new CloneOperation(repositories);
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
        // each with the reason it is refused for, so that a call let through to another failure does not pass
        Map<String, String> reasons = Map.of(
                "/etc", "but it is absolute",
                outside.resolve("secret").toString(), "but it is absolute",
                "../x", "contains '..'",
                "project/../../x", "contains '..'",
                "a\0b", "NUL",
                "", "but it is empty",
                "escape", "leads outside it",
                "gitfile", "git directory of repo 'gitfile' to be inside GIT_ROOT",
                "missing", "does not exist");
        reasons.forEach((bad, reason) -> {
            refused(() -> new StatusOperation(repositories).status(new StatusOperation.Request(bad, null)), reason);
            refused(() -> new ChangeOperation(repositories).commit(new ChangeOperation.CommitRequest(bad, "m", null, null, true), null), reason);
        });
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
            refused(() -> new PushOperation(repositories).push(new PushOperation.PushRequest("project", null, bad, null, null, null)), "Expected branch");
        }
    }

    @Test
    void shouldRefuseCloneUrlsAndDestinationsThatAreNotAllowed() {
        Map<String, String> urls = Map.of(
                "https://evil.example.com/x.git", "GIT_REMOTE_ALLOWLIST",
                "ssh://git@evil.example.com/x.git", "GIT_REMOTE_ALLOWLIST",
                "git@evil.example.com:x.git", "GIT_REMOTE_ALLOWLIST",
                "file://" + outside.resolve("secret"), "file://",
                "ext::sh -c touch% /tmp/pwned", "remote helper (ext::)",
                "git://git.example.org/x.git", "https or ssh",
                "https://user:token@git.example.org/x.git", "without credentials",
                "--upload-pack=touch /tmp/x", "starts with '-'",
                outside.resolve("secret").toString(), "but it is absolute",
                "../outside", "'..'");
        urls.forEach((url, message) -> refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest(url, "new", null, null)), message));
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("https://git.example.org/x", "../x", null, null)), "'..'");
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("https://git.example.org/x", "/tmp/x", null, null)), "absolute");
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("https://git.example.org/x", "project", null, null)), "has files");
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("https://git.example.org/x", "escape/inner", null, null)), "outside");
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("project", "copy", 0, null)), "depth");
    }

    @Test
    void shouldRefuseRemotesOfTheRepositoryConfigThatLeadOutside() throws Exception {
        TestRepos.addRemote(repo, "outside", outside.resolve("secret").toString());
        TestRepos.addRemote(repo, "evil", "https://evil.example.com/x.git");
        TestRepos.addRemote(repo, "fileurl", "file://" + outside.resolve("secret"));
        TestRepos.addRemote(repo, "alias", "myalias:secret");
        TestRepos.setConfig(repo, "url", outside + "/", "insteadOf", "myalias:");
        TestRepos.addRemote(repo, "cookies", "https://git.example.org/x.git");
        TestRepos.setConfig(repo, "http", null, "cookieFile", outside.resolve("cookies").toString());
        rootBefore = TestRepos.snapshot(root);

        // each with the reason it is refused for: a guard that let the call through would fail differently (a network error)
        Map<String, String> reasons = Map.of(
                "outside", "but it is outside GIT_ROOT",
                "evil", "to be on GIT_REMOTE_ALLOWLIST",
                "fileurl", "but it is outside GIT_ROOT",
                "alias", "but it is outside GIT_ROOT");
        reasons.forEach((remote, reason) -> {
            refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", remote, null)), reason);
            refused(() -> pushes.push(new PushOperation.PushRequest("project", remote, "main", null, null, null)), reason);
            refused(() -> pulls.pull(new PullOperation.PullRequest("project", remote, "main", null)), reason);
        });
        refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", "cookies", null)), "cookieFile");
        refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", "-x", null)), "Expected remote");
        refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", "nonexistent", null)), "to be configured");
    }

    @Test
    void shouldRefuseToCloneFromOrPushToARepositoryWhoseGitFileLeadsOutside() throws Exception {
        // given: gitfile/.git says "gitdir: <outside>/secret/.git"; project has a new branch to push and remotes naming gitfile
        try (Git git = Git.open(repo.toFile())) {
            git.branchCreate().setName("topic").call();
        }
        TestRepos.addRemote(repo, "absolute", root.resolve("gitfile").toString());
        TestRepos.addRemote(repo, "relative", "../gitfile");
        rootBefore = TestRepos.snapshot(root);

        // when / then: refused before JGit follows the .git file (tearDown: nothing changed inside or outside)
        String reason = "git directory of url 'gitfile' to be inside GIT_ROOT";
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("gitfile", "copy", null, null)), reason);
        for (String remote : List.of("absolute", "relative")) {
            String why = "git directory of the local remote";
            refused(() -> pushes.push(new PushOperation.PushRequest("project", remote, "topic", null, null, null)), why);
            refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", remote, null)), why);
            refused(() -> pulls.pull(new PullOperation.PullRequest("project", remote, "main", null)), why);
        }
    }

    @Test
    void shouldRefuseRepositoriesAndRemotesWhoseObjectsComeFromOutside() throws Exception {
        // given: alt.git, inside the root, borrows the outside repository's objects (alternates) and points main at its commit
        Path alt = TestRepos.bare(root, "alt.git");
        Files.createDirectories(alt.resolve("objects/info"));
        Files.writeString(alt.resolve("objects/info/alternates"), outside.resolve("secret/.git/objects") + "\n");
        Files.writeString(alt.resolve("refs/heads/main"), TestRepos.head(outside.resolve("secret")) + "\n");
        // and linked/.git names a git directory inside the root whose commondir is the outside repository
        Path linkedGitDir = Files.createDirectories(root.resolve("linked-gitdir"));
        Files.writeString(linkedGitDir.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(linkedGitDir.resolve("commondir"), outside.resolve("secret/.git") + "\n");
        Files.createDirectories(root.resolve("linked"));
        Files.writeString(root.resolve("linked/.git"), "gitdir: " + linkedGitDir + "\n");
        try (Git git = Git.open(repo.toFile())) {
            git.branchCreate().setName("topic").call();
        }
        TestRepos.addRemote(repo, "alt", "../alt.git");
        TestRepos.addRemote(repo, "linked", "../linked");
        rootBefore = TestRepos.snapshot(root);

        // when / then
        String alternates = "objects/info/alternates";
        refused(() -> new LogOperation(repositories).log(new LogOperation.Request("alt.git", null, null, null, null, null, null, null)), alternates);
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("alt.git", "copy", null, null)), alternates);
        refused(() -> fetches.fetch(new FetchOperation.FetchRequest("project", "alt", null)), alternates);
        refused(() -> pushes.push(new PushOperation.PushRequest("project", "alt", "topic", null, null, null)), alternates);
        refused(() -> new StatusOperation(repositories).status(new StatusOperation.Request("linked", null)), "commondir");
        refused(() -> clones.cloneRepository(new CloneOperation.CloneRequest("linked", "copy", null, null)), "commondir");
        refused(() -> pushes.push(new PushOperation.PushRequest("project", "linked", "topic", null, null, null)), "commondir");
    }

    private static void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ToolFailure.class).hasMessageContaining(message);
    }
}
