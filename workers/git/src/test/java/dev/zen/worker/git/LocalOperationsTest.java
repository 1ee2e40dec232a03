package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOperationsTest {

    @TempDir
    Path root;

    GitRepositories repositories;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root).withCaps(3, 400, 4, 1024));
        repo = TestRepos.repoWith(root, "project", Map.of("README.md", "hello\n", "src/App.java", "class App {}\n"));
    }

    @AfterEach
    void tearDown() {
        repositories.close();
    }

    @Test
    void shouldReportStagedUnstagedAndUntrackedFiles() throws Exception {
        Files.writeString(repo.resolve("README.md"), "hello again\n");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.delete(repo.resolve("src/App.java"));
        Files.writeString(repo.resolve("staged.txt"), "s\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("staged.txt").call();
        }

        var status = new StatusOperation(repositories).status(new StatusOperation.Request("project", null));

        assertThat(status.branch()).isEqualTo("main");
        assertThat(status.clean()).isFalse();
        assertThat(status.counts()).isEqualTo(new StatusOperation.Counts(1, 2, 1, 0));
        assertThat(status.entries()).containsExactly(
                new StatusOperation.Entry("staged.txt", "staged", "added"),
                new StatusOperation.Entry("README.md", "unstaged", "modified"),
                new StatusOperation.Entry("src/App.java", "unstaged", "deleted"),
                new StatusOperation.Entry("new.txt", "untracked", "untracked"));
        assertThat(status.truncated()).isFalse();
    }

    @Test
    void shouldPageStatusEntriesAtTheCap() throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.writeString(repo.resolve("u" + i + ".txt"), "x");
        }
        var first = new StatusOperation(repositories).status(new StatusOperation.Request("project", null));
        var second = new StatusOperation(repositories).status(new StatusOperation.Request("project", first.nextOffset()));

        assertThat(first.entries()).hasSize(4);
        assertThat(first.truncated()).isTrue();
        assertThat(second.entries()).hasSize(2);
        assertThat(second.truncated()).isFalse();
        assertThat(second.nextOffset()).isNull();
    }

    @Test
    void shouldPageLogAndFilterByPathAuthorAndTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            TestRepos.commit(repo, "change " + i, Map.of("file" + (i % 2) + ".txt", "v" + i));
        }
        LogOperation log = new LogOperation(repositories);

        var first = log.log(new LogOperation.Request("project", null, 10, null, null, null, null, null));
        var next = log.log(new LogOperation.Request("project", null, 10, first.nextSkip(), null, null, null, null));
        var byPath = log.log(new LogOperation.Request("project", "main", 2, 0, null, null, "file1.txt", null));
        var byAuthor = log.log(new LogOperation.Request("project", null, 1, null, "2000-01-01", null, null, "TESTER@example"));
        var none = log.log(new LogOperation.Request("project", null, null, null, null, "2000-01-01", null, null));

        assertThat(first.entries()).hasSize(3).extracting(Commits.Summary::subject).containsExactly("change 4", "change 3", "change 2");
        assertThat(first.truncated()).isTrue();
        assertThat(next.entries()).extracting(Commits.Summary::subject).containsExactly("change 1", "change 0", "initial");
        assertThat(next.truncated()).isFalse();
        assertThat(byPath.entries()).extracting(Commits.Summary::subject).containsExactly("change 3", "change 1");
        assertThat(byAuthor.entries()).singleElement().satisfies(e -> {
            assertThat(e.email()).isEqualTo("tester@example.org");
            assertThat(e.date()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            assertThat(e.parents()).hasSize(1);
        });
        assertThat(none.entries()).isEmpty();
    }

    @Test
    void shouldRefuseHostileLogArguments() {
        LogOperation log = new LogOperation(repositories);
        assertThatThrownBy(() -> log.log(new LogOperation.Request("project", "--output=/tmp/x", null, null, null, null, null, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("starts with '-'");
        assertThatThrownBy(() -> log.log(new LogOperation.Request("project", "nope", null, null, null, null, null, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> log.log(new LogOperation.Request("project", null, null, null, "yesterday", null, null, null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> log.log(new LogOperation.Request("project", null, null, null, null, null, "../x", null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'..'");
    }

    @Test
    void shouldDiffWorktreeIndexAndTargetWithStats() throws Exception {
        String first = TestRepos.head(repo);
        Files.writeString(repo.resolve("README.md"), "hello\nworld\n");
        Files.writeString(repo.resolve("untracked.txt"), "not in a diff\n");
        DiffOperation diff = new DiffOperation(repositories);

        var unstaged = diff.diff(new DiffOperation.Request("project", null, null, null, null, null));
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("README.md").call();
        }
        var stagedDiff = diff.diff(new DiffOperation.Request("project", true, null, null, 0, null));
        var nothingUnstaged = diff.diff(new DiffOperation.Request("project", false, null, null, null, null));
        var againstTarget = diff.diff(new DiffOperation.Request("project", null, first, List.of("README.md"), null, null));

        assertThat(unstaged.compared()).isEqualTo("worktree..index");
        assertThat(unstaged.page().files()).containsExactly(new PatchPager.FileChange("MODIFY", "README.md", "README.md", 1, 0, false));
        assertThat(unstaged.page().patch()).contains("+world").doesNotContain("untracked");
        assertThat(stagedDiff.page().files()).hasSize(1);
        assertThat(nothingUnstaged.page().files()).isEmpty();
        assertThat(againstTarget.page().patch()).contains("+world");
    }

    @Test
    void shouldPageALargeDiffByFile() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            big.append("line ").append(i).append('\n');
        }
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("b.txt"), big.toString());
        Files.writeString(repo.resolve("c.txt"), "c\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
        }
        DiffOperation diff = new DiffOperation(repositories);

        var page1 = diff.diff(new DiffOperation.Request("project", true, null, null, null, null));
        var page2 = diff.diff(new DiffOperation.Request("project", true, null, null, null, page1.page().nextFileOffset()));
        var page3 = diff.diff(new DiffOperation.Request("project", true, null, null, null, page2.page().nextFileOffset()));

        assertThat(page1.page().totalFiles()).isEqualTo(3);
        assertThat(page1.page().patchFiles()).isEqualTo(1);
        assertThat(page1.page().truncated()).isTrue();
        assertThat(page2.page().lastFileCut()).isTrue();
        assertThat(page2.page().patch().getBytes()).hasSizeLessThanOrEqualTo(400);
        assertThat(page3.page().patch()).contains("+c");
        assertThat(page3.page().truncated()).isFalse();
    }

    @Test
    void shouldShowACommitWithStats() throws Exception {
        var commit = TestRepos.commit(repo, "second\n\nbody text", Map.of("README.md", "bye\n"));

        var shown = new DiffOperation(repositories).show(new DiffOperation.ShowRequest("project", commit.name(), null, null, null));
        var root = new DiffOperation(repositories).show(new DiffOperation.ShowRequest("project", "HEAD~1", null, null, null));

        assertThat(shown.commit().subject()).isEqualTo("second");
        assertThat(shown.message()).contains("body text");
        assertThat(shown.page().files()).containsExactly(new PatchPager.FileChange("MODIFY", "README.md", "README.md", 1, 1, false));
        assertThat(root.page().files()).extracting(PatchPager.FileChange::change).containsOnly("ADD");
    }

    @Test
    void shouldAddAndCommitWithPrincipalAsAuthor() throws Exception {
        Files.writeString(repo.resolve("new.txt"), "n\n");
        Files.delete(repo.resolve("README.md"));
        ChangeOperation changes = new ChangeOperation(repositories);

        var added = changes.add(new ChangeOperation.AddRequest("project", List.of("new.txt", "README.md")));
        var commit = changes.commit(new ChangeOperation.CommitRequest("project", "Add new, drop readme", null, null, null), "alice@example.org");

        assertThat(added.staged()).containsExactlyInAnyOrder(new StatusOperation.Entry("new.txt", "staged", "added"),
                new StatusOperation.Entry("README.md", "staged", "deleted"));
        assertThat(commit.author()).isEqualTo("alice@example.org");
        assertThat(commit.authorEmail()).isEqualTo("alice@example.org");
        assertThat(commit.committer()).isEqualTo(GitSettings.DEFAULT_COMMITTER_NAME);
        assertThat(commit.filesChanged()).isEqualTo(2);
        assertThat(commit.branch()).isEqualTo("main");
        assertThat(TestRepos.head(repo)).isEqualTo(commit.hash());
    }

    @Test
    void shouldRefuseAnEmptyCommitUnlessAllowed() throws Exception {
        ChangeOperation changes = new ChangeOperation(repositories);
        String before = TestRepos.head(repo);

        assertThatThrownBy(() -> changes.commit(new ChangeOperation.CommitRequest("project", "nothing", null, null, null), null))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("nothing is staged");
        assertThatThrownBy(() -> changes.commit(new ChangeOperation.CommitRequest("project", "nothing", List.of("README.md"), null, null), null))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("nothing is staged");
        assertThat(TestRepos.head(repo)).isEqualTo(before);

        var empty = changes.commit(new ChangeOperation.CommitRequest("project", "empty on purpose", null, false, true), null);
        assertThat(empty.parents()).containsExactly(before);
    }

    @Test
    void shouldUnstageWhatItStagedWhenTheCommitItselfFails() throws Exception {
        ChangeOperation changes = new ChangeOperation(repositories);
        Files.writeString(repo.resolve("new.txt"), "staged by the failing commit\n");
        String before = TestRepos.head(repo);
        // another process holds the branch's lock: the commit cannot move it
        Path lock = Files.writeString(repo.resolve(".git/refs/heads/main.lock"), "");

        assertThatThrownBy(() -> changes.commit(new ChangeOperation.CommitRequest("project", "will fail", List.of("new.txt"), null, null),
                null)).isInstanceOf(ToolFailure.class);

        Files.delete(lock);
        assertThat(TestRepos.head(repo)).isEqualTo(before);
        var status = new StatusOperation(repositories).status(new StatusOperation.Request("project", 0));
        assertThat(status.counts().staged()).isZero();
        assertThat(status.counts().untracked()).isEqualTo(1);
    }

    @Test
    void shouldAmendKeepingTheAuthor() throws Exception {
        Files.writeString(repo.resolve("README.md"), "amended\n");
        var amended = new ChangeOperation(repositories)
                .commit(new ChangeOperation.CommitRequest("project", "initial, amended", List.of("README.md"), true, null), "bob");

        assertThat(amended.amended()).isTrue();
        assertThat(amended.parents()).isEmpty();
        assertThat(amended.author()).isEqualTo("Tester");
    }

    @Test
    void shouldRefuseHugeOrBinaryMessagesWithNothingChanged() throws Exception {
        Files.writeString(repo.resolve("README.md"), "changed\n");
        var before = TestRepos.snapshot(repo);
        ChangeOperation changes = new ChangeOperation(repositories);

        assertThatThrownBy(() -> changes.commit(new ChangeOperation.CommitRequest("project", "x".repeat(2000), List.of("README.md"), null, null), null))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("at most 1024 bytes");
        assertThatThrownBy(() -> changes.commit(new ChangeOperation.CommitRequest("project", "a\0b", List.of("README.md"), null, null), null))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("NUL");
        assertThat(TestRepos.snapshot(repo)).isEqualTo(before);
    }

    @Test
    void shouldCreateCheckoutAndDeleteBranches() throws Exception {
        BranchOperation branches = new BranchOperation(repositories);

        var created = branches.create(new BranchOperation.CreateRequest("project", "feature/x", null, true));
        TestRepos.commit(repo, "on feature", Map.of("f.txt", "f"));
        var listed = branches.list(new BranchOperation.ListRequest("project", null));
        branches.checkout(new BranchOperation.CheckoutRequest("project", "main"));
        assertThatThrownBy(() -> branches.delete(new BranchOperation.DeleteRequest("project", "feature/x", null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("set force");
        var deleted = branches.delete(new BranchOperation.DeleteRequest("project", "feature/x", true));

        assertThat(created.current()).isTrue();
        assertThat(listed.current()).isEqualTo("feature/x");
        assertThat(listed.branches()).extracting(BranchOperation.Branch::name).containsExactly("feature/x", "main");
        assertThat(listed.branches()).filteredOn(BranchOperation.Branch::protectedBranch).extracting(BranchOperation.Branch::name).containsExactly("main");
        assertThat(deleted.hash()).isNotEqualTo(created.hash());
        assertThat(TestRepos.refs(repo)).doesNotContainKey("refs/heads/feature/x");
    }

    @Test
    void shouldRefuseDeletingProtectedOrCurrentBranchesAndInvalidNames() throws Exception {
        BranchOperation branches = new BranchOperation(repositories);
        branches.create(new BranchOperation.CreateRequest("project", "topic", null, true));
        var before = TestRepos.refs(repo);

        assertThatThrownBy(() -> branches.delete(new BranchOperation.DeleteRequest("project", "main", true)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("protected");
        assertThatThrownBy(() -> branches.delete(new BranchOperation.DeleteRequest("project", "topic", true)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("checked out");
        for (String bad : List.of("-D", "a..b", "x.lock", "with space", "a\0b", "refs/heads/x", "HEAD", "@{-1}", "trailing/")) {
            assertThatThrownBy(() -> branches.create(new BranchOperation.CreateRequest("project", bad, null, null)))
                    .as(bad).isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected name");
        }
        assertThatThrownBy(() -> branches.create(new BranchOperation.CreateRequest("project", "ok", "--orphan", null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("starts with '-'");
        assertThat(TestRepos.refs(repo)).isEqualTo(before);
    }

    @Test
    void shouldRefuseACheckoutThatWouldOverwriteLocalChanges() throws Exception {
        BranchOperation branches = new BranchOperation(repositories);
        branches.create(new BranchOperation.CreateRequest("project", "other", null, true));
        TestRepos.commit(repo, "other readme", Map.of("README.md", "other\n"));
        branches.checkout(new BranchOperation.CheckoutRequest("project", "main"));
        Files.writeString(repo.resolve("README.md"), "local edit\n");
        var before = TestRepos.snapshot(repo);

        assertThatThrownBy(() -> branches.checkout(new BranchOperation.CheckoutRequest("project", "other")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("README.md").hasMessageContaining("nothing was changed");
        assertThat(TestRepos.snapshot(repo)).isEqualTo(before);
    }

    @Test
    void shouldAnswerAnUncheckedJGitFailureAsAToolErrorNotACrash() throws Exception {
        // given: a bare repository, whose index JGit refuses to read (NoWorkTreeException, unchecked)
        TestRepos.bare(root, "bare.git");

        // when / then: a scrubbed tool error, not the exception itself (a crash reply would carry "Class: message")
        assertThatThrownBy(() -> new DiffOperation(repositories).diff(new DiffOperation.Request("bare.git", true, null, null, null, null)))
                .isExactlyInstanceOf(ToolFailure.class)
                .hasMessageContaining("it is a bare repository")
                .hasMessageNotContaining(root.toString());
    }
}
