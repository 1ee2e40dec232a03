package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordValidator;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.testkit.ToolCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every git tool run through its definition, as the runtime runs it, on repositories the test makes:
 * arguments checked against the input schema, structured content against the output schema.
 */
class GitToolsTest {

    private static final RecordValidator VALIDATOR = new RecordValidator(RecordCodec.shared());
    private static final Principal ALICE = new Principal("alice@example.org", List.of("developer"), null);

    @TempDir
    Path root;

    Path repo;
    ServiceDefinition service;
    String text;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepos.repoWith(root, "project", Map.of("README.md", "hello\n", "src/App.java", "class App {}\n"));
        service = GitService.definition(GitSettings.defaults(root), "test");
    }

    // ------------------------------------------------------------------ status

    @Test
    void shouldReportStatusAsStructuredContentAndPorcelainText() throws Exception {
        // given
        Files.writeString(repo.resolve("README.md"), "hello again\n");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.writeString(repo.resolve("staged.txt"), "s\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("staged.txt").call();
        }

        // when
        JsonNode status = run("git_status", "repo", "project");

        // then
        assertThat(status.get("repo").asString()).isEqualTo("project");
        assertThat(status.get("branch").asString()).isEqualTo("main");
        assertThat(status.get("head").asString()).isEqualTo(TestRepos.head(repo));
        assertThat(status.get("state").asString()).isEqualTo("SAFE");
        assertThat(status.get("clean").booleanValue()).isFalse();
        assertThat(status.get("counts").get("staged").intValue()).isEqualTo(1);
        assertThat(status.get("counts").get("unstaged").intValue()).isEqualTo(1);
        assertThat(status.get("counts").get("untracked").intValue()).isEqualTo(1);
        assertThat(status.get("entries")).hasSize(3);
        assertThat(status.get("entries").get(0).get("path").asString()).isEqualTo("staged.txt");
        assertThat(status.get("entries").get(0).get("kind").asString()).isEqualTo("staged");
        assertThat(status.get("truncated").booleanValue()).isFalse();
        assertThat(status.has("next_offset")).isFalse();
        assertThat(text).startsWith("## main\n").contains("A  staged.txt\n", " M README.md\n", "?? new.txt\n");
    }

    @Test
    void shouldPageStatusWithNextOffset() throws Exception {
        // given
        service = GitService.definition(GitSettings.defaults(root).withCaps(500, 256 * 1024, 2, 65536), "test");
        for (int i = 0; i < 3; i++) {
            Files.writeString(repo.resolve("u" + i + ".txt"), "x");
        }

        // when
        JsonNode first = run("git_status", "repo", "project");
        String firstText = text;
        JsonNode second = run("git_status", "repo", "project", "offset", first.get("next_offset").intValue());

        // then
        assertThat(first.get("truncated").booleanValue()).isTrue();
        assertThat(first.get("next_offset").intValue()).isEqualTo(2);
        assertThat(first.get("entries")).hasSize(2);
        assertThat(first.get("counts").get("untracked").intValue()).isEqualTo(3);
        assertThat(firstText).contains("truncated", "offset: 2");
        assertThat(second.get("entries")).hasSize(1);
        assertThat(second.get("entries").get(0).get("path").asString()).isEqualTo("u2.txt");
        assertThat(second.get("truncated").booleanValue()).isFalse();
    }

    @Test
    void shouldSayWhenTheWorktreeIsClean() throws Exception {
        // when
        JsonNode status = run("git_status", "repo", "project");

        // then
        assertThat(status.get("clean").booleanValue()).isTrue();
        assertThat(status.get("entries")).isEmpty();
        assertThat(text).contains("nothing to commit, working tree clean");
    }

    // ------------------------------------------------------------------ log

    @Test
    void shouldListCommitsNewestFirstAndPageWithNextSkip() throws Exception {
        // given
        for (int i = 1; i <= 4; i++) {
            TestRepos.commit(repo, "change " + i, Map.of("file.txt", "v" + i));
        }

        // when
        JsonNode first = run("git_log", "repo", "project", "max_count", 2);
        String firstText = text;
        JsonNode rest = run("git_log", "repo", "project", "max_count", 10, "skip", first.get("next_skip").intValue());

        // then
        assertThat(first.get("commits")).hasSize(2);
        assertThat(first.get("commits").get(0).get("subject").asString()).isEqualTo("change 4");
        assertThat(first.get("commits").get(0).get("author").asString()).isEqualTo("Tester");
        assertThat(first.get("commits").get(0).get("email").asString()).isEqualTo("tester@example.org");
        assertThat(first.get("commits").get(0).get("hash").asString()).isEqualTo(TestRepos.head(repo));
        assertThat(first.get("commits").get(0).get("parents")).hasSize(1);
        assertThat(first.get("truncated").booleanValue()).isTrue();
        assertThat(first.get("next_skip").intValue()).isEqualTo(2);
        assertThat(firstText.lines()).hasSize(3).first().asString()
                .startsWith(TestRepos.head(repo).substring(0, 7)).endsWith("Tester: change 4");
        assertThat(rest.get("commits")).extracting(commit -> commit.get("subject").asString())
                .containsExactly("change 2", "change 1", "initial");
        assertThat(rest.get("truncated").booleanValue()).isFalse();
        assertThat(rest.has("next_skip")).isFalse();
    }

    @Test
    void shouldCapMaxCountAtGitMaxLogEntriesAndSaySo() throws Exception {
        // given
        service = GitService.definition(GitSettings.defaults(root).withCaps(3, 256 * 1024, 1000, 65536), "test");
        for (int i = 1; i <= 4; i++) {
            TestRepos.commit(repo, "change " + i, Map.of("file.txt", "v" + i));
        }

        // when
        JsonNode log = run("git_log", "repo", "project", "max_count", 100);

        // then
        assertThat(log.get("commits")).hasSize(3);
        assertThat(log.get("max_count").intValue()).isEqualTo(3);
        assertThat(log.get("max_count_capped").booleanValue()).isTrue();
        assertThat(log.get("next_skip").intValue()).isEqualTo(3);
        assertThat(text).contains("capped at 3", "GIT_MAX_LOG_ENTRIES");
    }

    @Test
    void shouldFilterTheLogByRefPathAuthorAndTime() throws Exception {
        // given
        TestRepos.commit(repo, "docs", Map.of("docs/a.md", "a"));
        TestRepos.commit(repo, "code", Map.of("src/B.java", "class B {}"));

        // when
        JsonNode byPath = run("git_log", "repo", "project", "path", "docs");
        JsonNode fromRef = run("git_log", "repo", "project", "ref", "HEAD~1");
        JsonNode byAuthor = run("git_log", "repo", "project", "author", "nobody");
        JsonNode future = run("git_log", "repo", "project", "since", "2999-01-01");
        JsonNode past = run("git_log", "repo", "project", "until", "2000-01-01T00:00:00Z");

        // then
        assertThat(byPath.get("commits")).extracting(c -> c.get("subject").asString()).containsExactly("docs");
        assertThat(fromRef.get("commits")).extracting(c -> c.get("subject").asString()).containsExactly("docs", "initial");
        assertThat(byAuthor.get("commits")).isEmpty();
        assertThat(future.get("commits")).isEmpty();
        assertThat(past.get("commits")).isEmpty();
    }

    @Test
    void shouldAnswerAnEmptyLogForARepositoryWithoutCommits() throws Exception {
        // given
        Git.init().setDirectory(root.resolve("empty").toFile()).setInitialBranch("main").call().close();

        // when
        JsonNode log = run("git_log", "repo", "empty");

        // then
        assertThat(log.get("commits")).isEmpty();
        assertThat(log.get("truncated").booleanValue()).isFalse();
        assertThat(text).contains("no commits");
    }

    // ------------------------------------------------------------------ diff and show

    @Test
    void shouldDiffTheWorktreeTheIndexAndATarget() throws Exception {
        // given
        Files.writeString(repo.resolve("README.md"), "hello again\n");
        Files.writeString(repo.resolve("src/App.java"), "class App { int x; }\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("src/App.java").call();
        }

        // when
        JsonNode unstaged = run("git_diff", "repo", "project");
        String unstagedText = text;
        JsonNode staged = run("git_diff", "repo", "project", "staged", true);
        JsonNode againstHead = run("git_diff", "repo", "project", "target", "HEAD", "paths", List.of("README.md"), "context_lines", 0);

        // then
        assertThat(unstaged.get("compared").asString()).isEqualTo("worktree..index");
        assertThat(unstaged.get("total_files").intValue()).isEqualTo(1);
        JsonNode file = unstaged.get("files").get(0);
        assertThat(file.get("change").asString()).isEqualTo("MODIFY");
        assertThat(file.get("new_path").asString()).isEqualTo("README.md");
        assertThat(file.get("additions").intValue()).isEqualTo(1);
        assertThat(file.get("deletions").intValue()).isEqualTo(1);
        assertThat(unstaged.get("patch").asString()).contains("-hello\n", "+hello again\n");
        assertThat(unstagedText).isEqualTo(unstaged.get("patch").asString());
        assertThat(unstaged.get("truncated").booleanValue()).isFalse();
        assertThat(staged.get("compared").asString()).isEqualTo("index..HEAD");
        assertThat(staged.get("files").get(0).get("new_path").asString()).isEqualTo("src/App.java");
        assertThat(againstHead.get("compared").asString()).startsWith("worktree..");
        assertThat(againstHead.get("files")).hasSize(1);
    }

    @Test
    void shouldSayThereAreNoDifferences() throws Exception {
        // when
        JsonNode diff = run("git_diff", "repo", "project");

        // then
        assertThat(diff.get("total_files").intValue()).isZero();
        assertThat(diff.get("patch").asString()).isEmpty();
        assertThat(text).contains("No differences");
    }

    @Test
    void shouldPageADiffByFileWithNextFile() throws Exception {
        // given: two changed files whose patches do not fit together in 200 bytes
        service = GitService.definition(GitSettings.defaults(root).withCaps(500, 200, 1000, 65536), "test");
        Files.writeString(repo.resolve("README.md"), "hello again\n");
        Files.writeString(repo.resolve("src/App.java"), "class App { int x; }\n");

        // when
        JsonNode first = run("git_diff", "repo", "project");
        String firstText = text;
        JsonNode second = run("git_diff", "repo", "project", "from_file", first.get("next_file").intValue());

        // then
        assertThat(first.get("truncated").booleanValue()).isTrue();
        assertThat(first.get("next_file").intValue()).isEqualTo(1);
        assertThat(first.get("patch_files").intValue()).isEqualTo(1);
        assertThat(first.get("patch").asString()).contains("README.md").doesNotContain("App.java");
        assertThat(firstText).contains("truncated", "from_file: 1");
        assertThat(second.get("patch").asString()).contains("App.java");
        assertThat(second.get("truncated").booleanValue()).isFalse();
    }

    @Test
    void shouldShowACommitWithItsMessageAndPatch() throws Exception {
        // given
        var commit = TestRepos.commit(repo, "Add notes\n\nWhy: because.", Map.of("notes.txt", "one\n"));

        // when
        JsonNode head = run("git_show", "repo", "project");
        String headText = text;
        JsonNode first = run("git_show", "repo", "project", "revision", "HEAD~1", "paths", List.of("src"));

        // then
        assertThat(head.get("commit").get("hash").asString()).isEqualTo(commit.name());
        assertThat(head.get("commit").get("subject").asString()).isEqualTo("Add notes");
        assertThat(head.get("message").asString()).isEqualTo("Add notes\n\nWhy: because.");
        assertThat(head.get("message_truncated").booleanValue()).isFalse();
        assertThat(head.get("committer").asString()).isEqualTo("Tester");
        assertThat(head.get("files").get(0).get("change").asString()).isEqualTo("ADD");
        assertThat(head.get("patch").asString()).contains("+one");
        assertThat(headText).startsWith("commit " + commit.name() + "\n").contains("Author: Tester <tester@example.org>",
                "    Why: because.", "+one");
        assertThat(first.get("commit").get("parents")).isEmpty();
        assertThat(first.get("files")).extracting(f -> f.get("new_path").asString()).containsExactly("src/App.java");
    }

    // ------------------------------------------------------------------ add and commit

    @Test
    void shouldStagePathsIdempotently() throws Exception {
        // given
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.delete(repo.resolve("src/App.java"));

        // when
        JsonNode added = run("git_add", "repo", "project", "paths", List.of("new.txt", "src"));
        JsonNode again = run("git_add", "repo", "project", "paths", List.of("new.txt", "src"));

        // then
        assertThat(added.get("staged")).extracting(e -> e.get("path").asString() + ":" + e.get("change").asString())
                .containsExactly("new.txt:added", "src/App.java:deleted");
        assertThat(text).contains("A  new.txt", "D  src/App.java");
        assertThat(again).isEqualTo(added);
    }

    @Test
    void shouldStageAndListEverythingForTheWholeWorktree() throws Exception {
        // given
        Files.writeString(repo.resolve("README.md"), "changed\n");
        Files.writeString(repo.resolve("new.txt"), "new\n");

        // when
        JsonNode added = run("git_add", "repo", "project", "paths", List.of("."));

        // then
        assertThat(added.get("staged")).extracting(e -> e.get("path").asString() + ":" + e.get("change").asString())
                .containsExactly("new.txt:added", "README.md:modified");
        assertThat(text).contains("A  new.txt", "M  README.md");
    }

    @Test
    void shouldCommitAsTheCallingPrincipal() throws Exception {
        // given
        String before = TestRepos.head(repo);
        Files.writeString(repo.resolve("README.md"), "changed\n");

        // when
        CallToolResult result = ToolCalls.runAs(tool("git_commit"), ALICE, "repo", "project", "message", "Change the readme\n\nBody.",
                "paths", List.of("README.md"));
        JsonNode commit = checked("git_commit", result);

        // then
        assertThat(commit.get("hash").asString()).isEqualTo(TestRepos.head(repo)).isNotEqualTo(before);
        assertThat(commit.get("branch").asString()).isEqualTo("main");
        assertThat(commit.get("subject").asString()).isEqualTo("Change the readme");
        assertThat(commit.get("author").asString()).isEqualTo("alice@example.org");
        assertThat(commit.get("author_email").asString()).isEqualTo("alice@example.org");
        assertThat(commit.get("committer").asString()).isEqualTo(GitSettings.DEFAULT_COMMITTER_NAME);
        assertThat(commit.get("committer_email").asString()).isEqualTo(GitSettings.DEFAULT_COMMITTER_EMAIL);
        assertThat(commit.get("parents").get(0).asString()).isEqualTo(before);
        assertThat(commit.get("files_changed").intValue()).isEqualTo(1);
        assertThat(commit.get("amended").booleanValue()).isFalse();
        assertThat(ToolCalls.text(result)).startsWith("[main " + commit.get("hash").asString().substring(0, 7) + "] Change the readme");
    }

    @Test
    void shouldCommitAsTheAnonymousCallerAndAmend() throws Exception {
        // given
        Files.writeString(repo.resolve("README.md"), "changed\n");
        JsonNode first = run("git_commit", "repo", "project", "message", "first try", "paths", List.of("."));

        // when
        JsonNode amended = run("git_commit", "repo", "project", "message", "better message", "amend", true);

        // then
        assertThat(first.get("author").asString()).isEqualTo("anonymous");
        assertThat(first.get("committer").asString()).isEqualTo(GitSettings.DEFAULT_COMMITTER_NAME);
        assertThat(amended.get("amended").booleanValue()).isTrue();
        assertThat(amended.get("subject").asString()).isEqualTo("better message");
        assertThat(amended.get("parents")).isEqualTo(first.get("parents"));
        assertThat(TestRepos.head(repo)).isEqualTo(amended.get("hash").asString());
    }

    @Test
    void shouldRefuseAnEmptyCommitUnlessAllowed() throws Exception {
        // when / then
        assertThatThrownBy(() -> ToolCalls.run(tool("git_commit"), "repo", "project", "message", "nothing"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("allow_empty");
        JsonNode empty = run("git_commit", "repo", "project", "message", "nothing", "allow_empty", true);
        assertThat(empty.get("files_changed").intValue()).isZero();
    }

    // ------------------------------------------------------------------ branches

    @Test
    void shouldCreateCheckOutListAndDeleteBranches() throws Exception {
        // when
        JsonNode created = run("git_branch", "repo", "project", "action", "create", "name", "feature/x", "checkout", true);
        String createdText = text;
        TestRepos.commit(repo, "on feature", Map.of("f.txt", "f"));
        JsonNode listed = run("git_branch", "repo", "project");
        String listedText = text;
        JsonNode switched = run("git_branch", "repo", "project", "action", "checkout", "name", "main");

        // then
        assertThat(created.get("action").asString()).isEqualTo("create");
        assertThat(created.get("name").asString()).isEqualTo("feature/x");
        assertThat(created.get("checked_out").booleanValue()).isTrue();
        assertThat(createdText).contains("Created branch 'feature/x'", "switched to it");
        assertThat(listed.get("action").asString()).isEqualTo("list");
        assertThat(listed.get("current_branch").asString()).isEqualTo("feature/x");
        assertThat(listed.get("branches")).extracting(b -> b.get("name").asString() + ":" + b.get("current").booleanValue() + ":"
                + b.get("protected").booleanValue()).containsExactly("feature/x:true:false", "main:false:true");
        assertThat(listedText).contains("* feature/x", "  main", "(protected)");
        assertThat(switched.get("checked_out").booleanValue()).isTrue();
        assertThat(TestRepos.refs(repo).get("HEAD")).isEqualTo("refs/heads/main");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_branch"), "repo", "project", "action", "delete", "name", "feature/x"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("force");
        JsonNode deleted = run("git_branch", "repo", "project", "action", "delete", "name", "feature/x", "force", true);
        assertThat(deleted.get("hash").asString()).isNotBlank();
        assertThat(deleted.has("checked_out")).isFalse();
        assertThat(TestRepos.refs(repo)).doesNotContainKey("refs/heads/feature/x");
    }

    @Test
    void shouldRefuseDeletingAProtectedBranchAndArgumentsOfAnotherAction() throws Exception {
        // given
        run("git_branch", "repo", "project", "action", "create", "name", "topic", "checkout", true);
        var before = TestRepos.refs(repo);

        // when / then
        assertThatThrownBy(() -> ToolCalls.run(tool("git_branch"), "repo", "project", "action", "delete", "name", "main"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("protected");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_branch"), "repo", "project", "action", "list", "force", true))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'force' only with action delete");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_branch"), "repo", "project", "action", "create"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'name'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_branch"), "repo", "project", "action", "checkout", "name", "x",
                "base", "main")).isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'base' only with action create");
        assertThat(TestRepos.refs(repo)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ remotes

    @Test
    void shouldCloneIntoTheUrlsNameThenPushFetchAndPull() throws Exception {
        // given: a bare repository under the root that project publishes to
        TestRepos.bare(root, "shared.git");
        TestRepos.addRemote(repo, "origin", root.resolve("shared.git").toString());
        JsonNode published = run("git_push", "repo", "project", "set_upstream", true);
        String publishedText = text;

        // when
        JsonNode cloned = run("git_clone", "url", "shared.git");
        String clonedText = text;
        var second = TestRepos.commit(repo, "second", Map.of("a.txt", "a"));
        JsonNode pushed = run("git_push", "repo", "project", "remote", "origin", "branch", "main");
        JsonNode fetched = run("git_fetch", "repo", "shared");
        String fetchedText = text;
        JsonNode behind = run("git_status", "repo", "shared");
        JsonNode pulled = run("git_pull", "repo", "shared");
        String pulledText = text;

        // then
        assertThat(published.get("status").asString()).isEqualTo("OK");
        assertThat(published.has("old_hash")).isFalse();
        assertThat(published.get("upstream_set").booleanValue()).isTrue();
        assertThat(published.get("remote_url").asString()).startsWith("<GIT_ROOT>");
        assertThat(publishedText).contains("[new branch]", "main -> main", "set up to track 'origin/main'");
        assertThat(cloned.get("repo").asString()).isEqualTo("shared");
        assertThat(cloned.get("branch").asString()).isEqualTo("main");
        assertThat(clonedText).startsWith("Cloned ").contains("into shared");
        assertThat(root.resolve("shared/README.md")).hasContent("hello");
        assertThat(pushed.get("new_hash").asString()).isEqualTo(second.name());
        assertThat(pushed.get("old_hash").asString()).isNotBlank();
        assertThat(pushed.get("forced").booleanValue()).isFalse();
        assertThat(fetched.get("updated")).extracting(u -> u.get("ref").asString()).contains("refs/remotes/origin/main");
        assertThat(fetchedText).startsWith("From ");
        assertThat(behind.get("upstream").asString()).isEqualTo("origin/main");
        assertThat(behind.get("behind").intValue()).isEqualTo(1);
        assertThat(pulled.get("outcome").asString()).isEqualTo("FAST_FORWARD");
        assertThat(pulled.get("strategy").asString()).isEqualTo("ff-only");
        assertThat(pulled.get("new_head").asString()).isEqualTo(second.name());
        assertThat(pulledText).startsWith("Fast-forward");
    }

    @Test
    void shouldCloneIntoTheGivenDirectoryWithADepth() throws Exception {
        // given
        TestRepos.bare(root, "shared.git");
        TestRepos.addRemote(repo, "origin", root.resolve("shared.git").toString());
        run("git_push", "repo", "project");

        // when
        JsonNode cloned = run("git_clone", "url", "shared.git", "directory", "clones/one", "depth", 1, "branch", "main");

        // then
        assertThat(cloned.get("repo").asString()).isEqualTo("clones/one");
        assertThat(cloned.get("head").asString()).isEqualTo(TestRepos.head(repo));
    }

    @Test
    void shouldRefusePlainForcePointingAtForceWithLease() throws Exception {
        // given
        TestRepos.bare(root, "shared.git");
        TestRepos.addRemote(repo, "origin", root.resolve("shared.git").toString());
        var before = TestRepos.refs(root.resolve("shared.git"));

        // when / then
        assertThatThrownBy(() -> ToolCalls.run(tool("git_push"), "repo", "project", "force", true))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("force_with_lease");
        assertThat(TestRepos.refs(root.resolve("shared.git"))).isEqualTo(before);
    }

    @Test
    void shouldRefuseANetworkRemoteNotOnTheAllowlist() {
        // when / then
        assertThatThrownBy(() -> ToolCalls.run(tool("git_clone"), "url", "https://example.com/org/repo.git"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_REMOTE_ALLOWLIST");
        assertThat(root.resolve("repo")).doesNotExist();
    }

    @Test
    void shouldNameTheCloneAfterTheUrlsLastSegment() {
        assertThat(GitCloneTool.defaultDirectory("https://example.com/org/project.git")).isEqualTo("project");
        assertThat(GitCloneTool.defaultDirectory("ssh://git@example.com/org/project/")).isEqualTo("project");
        assertThat(GitCloneTool.defaultDirectory("git@example.com:project.git")).isEqualTo("project");
        assertThat(GitCloneTool.defaultDirectory("shared.git")).isEqualTo("shared");
        assertThatThrownBy(() -> GitCloneTool.defaultDirectory(".")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'directory'");
    }

    // ------------------------------------------------------------------ argument errors

    @Test
    void shouldNameTheArgumentOfARefStartingWithADash() {
        for (String[] call : new String[][] {{"git_log", "ref"}, {"git_diff", "target"}, {"git_show", "revision"},
                {"git_push", "branch"}, {"git_push", "remote"}, {"git_fetch", "remote"}, {"git_pull", "branch"},
                {"git_branch", "name"}, {"git_clone", "branch"}}) {
            Object[] arguments = call[0].equals("git_clone") ? new Object[] {"url", "shared.git", call[1], "--upload-pack=touch x"}
                    : new Object[] {"repo", "project", call[1], "--upload-pack=touch x"};
            assertThatThrownBy(() -> ToolCalls.run(tool(call[0]), arguments)).as(call[0] + " " + call[1])
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("argument '" + call[1] + "'")
                    .hasMessageContaining("not starting with '-'");
        }
    }

    @Test
    void shouldNameTheArgumentOfANulInTheMessage() throws Exception {
        // given
        Files.writeString(repo.resolve("README.md"), "changed\n");
        String before = TestRepos.head(repo);

        // when / then
        assertThatThrownBy(() -> ToolCalls.run(tool("git_commit"), "repo", "project", "message", "bad\0message", "paths",
                List.of("README.md"))).isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'message'")
                .hasMessageContaining("NUL");
        assertThat(TestRepos.head(repo)).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUnknownArgument() {
        assertThatThrownBy(() -> ToolCalls.run(tool("git_status"), "repo", "project", "bogus", 1))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'bogus'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_status"))).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'repo'").hasMessageContaining("missing");
    }

    @Test
    void shouldRefuseBoundsAndPathsOutsideTheRoot() {
        assertThatThrownBy(() -> ToolCalls.run(tool("git_log"), "repo", "project", "max_count", 1001))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'max_count'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_log"), "repo", "project", "since", "yesterday"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'since'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_diff"), "repo", "project", "context_lines", 1001))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'context_lines'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_add"), "repo", "project", "paths", List.of()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'paths'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_add"), "repo", "project", "paths", List.of("x".repeat(4097))))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'paths[0]'");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_status"), "repo", "../outside"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_ROOT");
        assertThatThrownBy(() -> ToolCalls.run(tool("git_pull"), "repo", "project", "strategy", "octopus"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'strategy'");
    }

    // ------------------------------------------------------------------ helpers

    private ToolDefinition tool(String name) {
        return service.tools().stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
    }

    /** Runs a tool whose arguments its input schema accepts; returns its structured content, checked against its output schema. */
    private JsonNode run(String name, Object... namesAndValues) throws Exception {
        JsonNode arguments = ToolCalls.arguments(namesAndValues);
        assertThat(VALIDATOR.validate(tool(name).descriptor().inputSchema(), arguments)).as("arguments of %s", name).isEmpty();
        return checked(name, ToolCalls.run(tool(name), namesAndValues));
    }

    private JsonNode checked(String name, CallToolResult result) {
        assertThat(result.isErrorResult()).as(name).isFalse();
        assertThat(result.content()).hasSize(1);
        assertThat(VALIDATOR.validate(tool(name).descriptor().outputSchema(), result.structuredContent())).as("output of %s", name)
                .isEmpty();
        text = ToolCalls.text(result);
        return result.structuredContent();
    }
}
