package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push, fetch, pull and clone against a bare repository on disk inside GIT_ROOT. */
class LocalRemoteTest {

    @TempDir
    Path root;

    GitRepositories repositories;
    RemoteOperation remotes;
    Path bare;
    Path alice;
    Path bob;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root));
        remotes = new RemoteOperation(repositories);
        bare = TestRepos.bare(root, "shared.git");
        alice = TestRepos.repoWith(root, "alice", Map.of("README.md", "one\ntwo\nthree\n"));
        TestRepos.addRemote(alice, "origin", bare.toString());
        remotes.push(new RemoteOperation.PushRequest("alice", null, "main", true, null, null));
        bob = root.resolve("bob");
        remotes.cloneRepository(new RemoteOperation.CloneRequest("shared.git", "bob", null, null));
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
        var pushed = remotes.push(new RemoteOperation.PushRequest("alice", "origin", null, null, null, null));
        var fetched = remotes.fetch(new RemoteOperation.FetchRequest("bob", null, null));
        var behind = new StatusOperation(repositories).status(new StatusOperation.Request("bob", null));
        var pulled = remotes.pull(new RemoteOperation.PullRequest("bob", null, null, null));

        assertThat(pushed.status()).isEqualTo("OK");
        assertThat(pushed.remoteUrl()).startsWith("<GIT_ROOT>");
        assertThat(fetched.updated()).extracting(RemoteOperation.RefUpdate::ref).contains("refs/remotes/origin/main");
        assertThat(behind.behind()).isEqualTo(1);
        assertThat(pulled.outcome()).isEqualTo("FAST_FORWARD");
        assertThat(TestRepos.head(bob)).isEqualTo(commit.name());
    }

    @Test
    void shouldRefuseANonFastForwardPushAndDivergedFastForwardPull() throws Exception {
        TestRepos.commit(alice, "alice", Map.of("a.txt", "a"));
        remotes.push(new RemoteOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob", Map.of("b.txt", "b"));
        var remoteBefore = TestRepos.refs(bare);
        var bobBefore = TestRepos.snapshot(bob);

        assertThatThrownBy(() -> remotes.push(new RemoteOperation.PushRequest("bob", null, null, null, null, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("fast-forward");
        assertThatThrownBy(() -> remotes.push(new RemoteOperation.PushRequest("bob", null, null, null, null, true)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("force_with_lease");
        assertThatThrownBy(() -> remotes.push(new RemoteOperation.PushRequest("bob", null, null, null, true, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("protected");
        assertThat(TestRepos.refs(bare)).isEqualTo(remoteBefore);

        var headBefore = TestRepos.head(bob);
        assertThatThrownBy(() -> remotes.pull(new RemoteOperation.PullRequest("bob", null, null, "ff-only")))
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
        remotes.push(new RemoteOperation.PushRequest("alice", null, "topic", true, null, null));
        try (Git git = Git.open(alice.toFile())) {
            git.commit().setAmend(true).setMessage("topic 1 rewritten").setSign(false).call();
        }

        var forced = remotes.push(new RemoteOperation.PushRequest("alice", null, "topic", null, true, null));
        assertThat(forced.status()).isEqualTo("OK");
        assertThat(forced.forced()).isTrue();

        // someone else moves the remote branch: our lease (origin/topic) is now stale
        remotes.fetch(new RemoteOperation.FetchRequest("bob", null, null));
        new BranchOperation(repositories).create(new BranchOperation.CreateRequest("bob", "topic", "origin/topic", true));
        TestRepos.commit(bob, "bob on topic", Map.of("t.txt", "bob"));
        remotes.push(new RemoteOperation.PushRequest("bob", null, "topic", null, null, null));
        try (Git git = Git.open(alice.toFile())) {
            git.commit().setAmend(true).setMessage("topic 1 rewritten again").setSign(false).call();
        }
        var remoteBefore = TestRepos.refs(bare);

        assertThatThrownBy(() -> remotes.push(new RemoteOperation.PushRequest("alice", null, "topic", null, true, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("it moved");
        assertThat(TestRepos.refs(bare)).isEqualTo(remoteBefore);
    }

    @Test
    void shouldMergeAndRebaseDivergedBranches() throws Exception {
        TestRepos.commit(alice, "alice", Map.of("a.txt", "a"));
        remotes.push(new RemoteOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob", Map.of("b.txt", "b"));

        var merged = remotes.pull(new RemoteOperation.PullRequest("bob", null, null, "merge"));
        assertThat(merged.outcome()).isEqualTo("MERGED");
        assertThat(new LogOperation(repositories).log(new LogOperation.Request("bob", null, 1, null, null, null, null, null)).entries().get(0).parents())
                .hasSize(2);

        TestRepos.commit(alice, "alice 2", Map.of("a2.txt", "a"));
        remotes.push(new RemoteOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob 2", Map.of("b2.txt", "b"));
        var rebased = remotes.pull(new RemoteOperation.PullRequest("bob", null, null, "rebase"));
        assertThat(rebased.outcome()).isEqualTo("REBASED");
        assertThat(bob.resolve("a2.txt")).exists();
        assertThat(bob.resolve("b2.txt")).exists();
    }

    @Test
    void shouldAbortAConflictingMergeOrRebaseLeavingTheTreeAsItWas() throws Exception {
        TestRepos.commit(alice, "alice edits", Map.of("README.md", "one\nALICE\nthree\n"));
        remotes.push(new RemoteOperation.PushRequest("alice", null, null, null, null, null));
        TestRepos.commit(bob, "bob edits", Map.of("README.md", "one\nBOB\nthree\n"));
        Files.writeString(bob.resolve("untracked.txt"), "keep me");
        var before = TestRepos.snapshot(bob);
        before.keySet().removeIf(k -> k.startsWith(".git/"));
        String head = TestRepos.head(bob);

        for (String strategy : new String[] {"merge", "rebase"}) {
            assertThatThrownBy(() -> remotes.pull(new RemoteOperation.PullRequest("bob", null, null, strategy)))
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
}
