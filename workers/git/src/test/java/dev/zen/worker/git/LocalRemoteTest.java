package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push, fetch, pull and clone against repositories on disk inside GIT_ROOT. */
class LocalRemoteTest {

    @TempDir
    Path root;

    GitRepositories repositories;
    PushOperation pushes;
    FetchOperation fetches;
    PullOperation pulls;
    CloneOperation clones;
    Path bare;
    Path alice;
    Path bob;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root));
        pushes = new PushOperation(repositories);
        fetches = new FetchOperation(repositories);
        pulls = new PullOperation(repositories);
        clones = new CloneOperation(repositories);
        bare = TestRepos.bare(root, "shared.git");
        alice = TestRepos.repoWith(root, "alice", Map.of("README.md", "one\ntwo\nthree\n"));
        TestRepos.addRemote(alice, "origin", bare.toString());
        pushes.push(new PushOperation.PushRequest("alice", null, "main", true, null, null));
        bob = root.resolve("bob");
        clones.cloneRepository(new CloneOperation.CloneRequest("shared.git", "bob", null, null));
    }

    @AfterEach
    void tearDown() {
        repositories.close();
    }

    @Test
    void shouldCloneFromAPathUnderTheRootAndTrackTheBranch() throws Exception {
        var status = new StatusOperation(repositories).status(new StatusOperation.Request("bob", null));

        assertThat(bob.resolve("README.md")).hasContent("one\ntwo\nthree");
        assertThat(status.branch()).isEqualTo("main");
        assertThat(status.upstream()).isEqualTo("origin/main");
        assertThat(status.ahead()).isZero();
    }

    @Test
    void shouldPushFetchAndFastForward() throws Exception {
        var commit = TestRepos.commit(alice, "second", Map.of("a.txt", "a"));
        var pushed = pushes.push(new PushOperation.PushRequest("alice", "origin", null, null, null, null));
        var fetched = fetches.fetch(new FetchOperation.FetchRequest("bob", null, null));
        var behind = new StatusOperation(repositories).status(new StatusOperation.Request("bob", null));
        var pulled = pulls.pull(new PullOperation.PullRequest("bob", null, null, null));

        assertThat(pushed.status()).isEqualTo("OK");
        assertThat(pushed.remoteUrl()).startsWith("<GIT_ROOT>");
        assertThat(fetched.updated()).extracting(FetchOperation.RefUpdate::ref).contains("refs/remotes/origin/main");
        assertThat(behind.behind()).isEqualTo(1);
        assertThat(pulled.outcome()).isEqualTo("FAST_FORWARD");
        assertThat(TestRepos.head(bob)).isEqualTo(commit.name());
    }

    @Test
    void shouldRefuseANonFastForwardPushAndDivergedFastForwardPull() throws Exception {
        TestRepos.commit(alice, "alice", Map.of("a.txt", "a"));
        pushes.push(new PushOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob", Map.of("b.txt", "b"));
        var remoteBefore = TestRepos.refs(bare);
        var bobBefore = TestRepos.snapshot(bob);

        assertThatThrownBy(() -> pushes.push(new PushOperation.PushRequest("bob", null, null, null, null, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("fast-forward");
        assertThatThrownBy(() -> pushes.push(new PushOperation.PushRequest("bob", null, null, null, null, true)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("force_with_lease");
        assertThatThrownBy(() -> pushes.push(new PushOperation.PushRequest("bob", null, null, null, true, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("protected");
        assertThat(TestRepos.refs(bare)).isEqualTo(remoteBefore);

        var headBefore = TestRepos.head(bob);
        assertThatThrownBy(() -> pulls.pull(new PullOperation.PullRequest("bob", null, null, "ff-only")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("diverged (1 local and 1 remote commits)");
        assertThat(TestRepos.head(bob)).isEqualTo(headBefore);
        assertThat(TestRepos.snapshot(bob).get("b.txt")).isEqualTo(bobBefore.get("b.txt"));
    }

    @Test
    void shouldForceWithLeaseOnlyWhenTheRemoteIsWhereWeSawIt() throws Exception {
        try (Git git = Git.open(alice.toFile())) {
            git.checkout().setCreateBranch(true).setName("topic").call();
        }
        TestRepos.commit(alice, "topic 1", Map.of("t.txt", "1"));
        pushes.push(new PushOperation.PushRequest("alice", null, "topic", true, null, null));
        try (Git git = Git.open(alice.toFile())) {
            git.commit().setAmend(true).setMessage("topic 1 rewritten").setSign(false).call();
        }

        var forced = pushes.push(new PushOperation.PushRequest("alice", null, "topic", null, true, null));
        assertThat(forced.status()).isEqualTo("OK");
        assertThat(forced.forced()).isTrue();

        // someone else moves the remote branch: our lease (origin/topic) is now stale
        fetches.fetch(new FetchOperation.FetchRequest("bob", null, null));
        new BranchOperation(repositories).create(new BranchOperation.CreateRequest("bob", "topic", "origin/topic", true));
        TestRepos.commit(bob, "bob on topic", Map.of("t.txt", "bob"));
        pushes.push(new PushOperation.PushRequest("bob", null, "topic", null, null, null));
        try (Git git = Git.open(alice.toFile())) {
            git.commit().setAmend(true).setMessage("topic 1 rewritten again").setSign(false).call();
        }
        var remoteBefore = TestRepos.refs(bare);

        assertThatThrownBy(() -> pushes.push(new PushOperation.PushRequest("alice", null, "topic", null, true, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("it moved");
        assertThat(TestRepos.refs(bare)).isEqualTo(remoteBefore);
    }

    @Test
    void shouldMergeAndRebaseDivergedBranches() throws Exception {
        TestRepos.commit(alice, "alice", Map.of("a.txt", "a"));
        pushes.push(new PushOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob", Map.of("b.txt", "b"));

        var merged = pulls.pull(new PullOperation.PullRequest("bob", null, null, "merge"));
        assertThat(merged.outcome()).isEqualTo("MERGED");
        assertThat(new LogOperation(repositories).log(new LogOperation.Request("bob", null, 1, null, null, null, null, null)).entries().get(0).parents())
                .hasSize(2);

        TestRepos.commit(alice, "alice 2", Map.of("a2.txt", "a"));
        pushes.push(new PushOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob 2", Map.of("b2.txt", "b"));
        var rebased = pulls.pull(new PullOperation.PullRequest("bob", null, null, "rebase"));
        assertThat(rebased.outcome()).isEqualTo("REBASED");
        assertThat(bob.resolve("a2.txt")).exists();
        assertThat(bob.resolve("b2.txt")).exists();
    }

    @Test
    void shouldAbortAConflictingMergeOrRebaseLeavingTheTreeAsItWas() throws Exception {
        TestRepos.commit(alice, "alice edits", Map.of("README.md", "one\nALICE\nthree\n"));
        pushes.push(new PushOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob edits", Map.of("README.md", "one\nBOB\nthree\n"));
        Files.writeString(bob.resolve("untracked.txt"), "keep me");
        var before = TestRepos.snapshot(bob);
        before.keySet().removeIf(k -> k.startsWith(".git/"));
        String head = TestRepos.head(bob);

        for (String strategy : new String[] {"merge", "rebase"}) {
            assertThatThrownBy(() -> pulls.pull(new PullOperation.PullRequest("bob", null, null, strategy)))
                    .as(strategy).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("1 file(s) conflict: README.md").hasMessageContaining("aborted");
            var after = TestRepos.snapshot(bob);
            after.keySet().removeIf(k -> k.startsWith(".git/"));
            assertThat(after).as(strategy).isEqualTo(before);
            assertThat(TestRepos.head(bob)).isEqualTo(head);
            var status = new StatusOperation(repositories).status(new StatusOperation.Request("bob", null));
            assertThat(status.state()).isEqualTo("SAFE");
            assertThat(status.counts().staged() + status.counts().unstaged() + status.counts().conflicting()).isZero();
        }
    }

    @Test
    void shouldCommitARebaseAsTheServiceKeepingTheAuthors() throws Exception {
        // given: diverged branches, bob's local commit by the tester
        TestRepos.commit(alice, "alice", Map.of("a.txt", "a"));
        pushes.push(new PushOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob", Map.of("b.txt", "b"));
        String configBefore = TestRepos.read(bob.resolve(".git/config"));

        // when
        var rebased = pulls.pull(new PullOperation.PullRequest("bob", null, null, "rebase"));

        // then: the rewritten commit names the service as committer (JGit's default would be the process user@host)
        assertThat(rebased.outcome()).isEqualTo("REBASED");
        try (Git git = Git.open(bob.toFile())) {
            RevCommit rewritten = git.log().setMaxCount(1).call().iterator().next();
            assertThat(rewritten.getShortMessage()).isEqualTo("bob");
            assertThat(rewritten.getCommitterIdent().getName()).isEqualTo(GitSettings.DEFAULT_COMMITTER_NAME);
            assertThat(rewritten.getCommitterIdent().getEmailAddress()).isEqualTo(GitSettings.DEFAULT_COMMITTER_EMAIL);
            assertThat(rewritten.getAuthorIdent().getName()).isEqualTo(TestRepos.TESTER.getName());
        }
        // and the identity was never written to the repository's config
        assertThat(TestRepos.read(bob.resolve(".git/config"))).isEqualTo(configBefore).doesNotContain("[user]");
    }

    @Test
    void shouldResolveARelativeRemoteAgainstTheWorktreeOrTheBareGitDirectory() throws Exception {
        // given: remotes written relative to the repository, as JGit's TransportLocal resolves them
        TestRepos.addRemote(alice, "relative", "../shared.git");
        Path mirror = TestRepos.bare(root, "mirror.git");
        TestRepos.addRemote(mirror, "origin", "../shared.git");
        var commit = TestRepos.commit(alice, "second", Map.of("a.txt", "a"));

        // when
        var pushed = pushes.push(new PushOperation.PushRequest("alice", "relative", "main", null, null, null));
        var fetched = fetches.fetch(new FetchOperation.FetchRequest("mirror.git", null, null));

        // then
        assertThat(pushed.status()).isEqualTo("OK");
        assertThat(pushed.remoteUrl()).isEqualTo("../shared.git");
        assertThat(TestRepos.refs(bare)).containsEntry("refs/heads/main", commit.name());
        assertThat(fetched.updated()).extracting(FetchOperation.RefUpdate::ref).contains("refs/remotes/origin/main");
        assertThat(TestRepos.refs(mirror)).containsEntry("refs/remotes/origin/main", commit.name());
    }

    @Test
    void shouldRefuseARelativeRemoteThatLeavesTheRoot(@TempDir Path base) throws Exception {
        // given: the root is base/jail, and carol's origin climbs out of it to base/outside.git
        Path jail = base.resolve("jail");
        Path outside = TestRepos.bare(base, "outside.git");
        try (GitRepositories jailed = new GitRepositories(GitSettings.defaults(jail))) {
            Path carol = TestRepos.repoWith(jail, "carol", Map.of("c.txt", "c"));
            TestRepos.addRemote(carol, "origin", "../../outside.git");
            var outsideBefore = TestRepos.snapshot(outside);
            var carolBefore = TestRepos.snapshot(carol);

            // when / then
            assertThatThrownBy(() -> new PushOperation(jailed).push(new PushOperation.PushRequest("carol", null, "main", null, null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("but it is outside GIT_ROOT");
            assertThatThrownBy(() -> new FetchOperation(jailed).fetch(new FetchOperation.FetchRequest("carol", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("but it is outside GIT_ROOT");
            assertThatThrownBy(() -> new PullOperation(jailed).pull(new PullOperation.PullRequest("carol", null, "main", null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("but it is outside GIT_ROOT");
            assertThat(TestRepos.snapshot(outside)).isEqualTo(outsideBefore);
            assertThat(TestRepos.snapshot(carol)).isEqualTo(carolBefore);
        }
    }

    @Test
    void shouldUseALocalRemoteWhoseAlternatesStayInsideTheRoot() throws Exception {
        // given: borrowed.git shares shared.git's objects (like git clone --shared), all inside the root
        Path borrowed = TestRepos.bare(root, "borrowed.git");
        Files.createDirectories(borrowed.resolve("objects/info"));
        Files.writeString(borrowed.resolve("objects/info/alternates"), "../../shared.git/objects\n");
        Files.writeString(borrowed.resolve("refs/heads/main"), TestRepos.head(alice) + "\n");

        // when
        var cloned = clones.cloneRepository(new CloneOperation.CloneRequest("borrowed.git", "dave", null, null));

        // then
        assertThat(cloned.head()).isEqualTo(TestRepos.head(alice));
        assertThat(root.resolve("dave/README.md")).hasContent("one\ntwo\nthree");
    }
}
