package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants every program a repository can ask git to run (hooks, core.hooksPath, filter drivers,
 * core.fsmonitor, core.sshCommand, remote upload-pack/receive-pack, an SSH signing key command), each
 * of which would create a marker file, and shows that no operation of the service creates it. A
 * control test shows plain JGit does run such a hook: the traps are real.
 */
class NoProcessExecutionTest {

    private static final List<String> HOOKS = List.of("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-push",
            "post-checkout", "post-merge", "pre-rebase", "post-rewrite", "reference-transaction");

    @TempDir
    Path root;

    @TempDir
    Path outside;

    GitRepositories repositories;
    Path repo;
    Path marker;

    @BeforeEach
    void setUp() throws Exception {
        repositories = new GitRepositories(GitSettings.defaults(root));
        repo = TestRepos.repoWith(root, "project", Map.of("README.md", "hello\n"));
        Path remote = TestRepos.bare(root, "remote.git");
        TestRepos.addRemote(repo, "origin", remote.toString());
        try (Git git = Git.open(repo.toFile())) {
            git.push().setRemote("origin").add("main").call();
        }
        marker = outside.resolve("marker");
        String touch = "touch " + marker;
        plantHooks(repo.resolve(".git/hooks"), touch);
        Path otherHooks = root.resolve("hooks-elsewhere");
        plantHooks(otherHooks, touch);
        TestRepos.setConfig(repo, "core", null, "hooksPath", otherHooks.toString());
        TestRepos.setConfig(repo, "core", null, "fsmonitor", touch);
        TestRepos.setConfig(repo, "core", null, "sshCommand", touch);
        TestRepos.setConfig(repo, "remote", "origin", "uploadpack", touch + "; git-upload-pack");
        TestRepos.setConfig(repo, "remote", "origin", "receivepack", touch + "; git-receive-pack");
        TestRepos.setConfig(repo, "commit", null, "gpgSign", "true");
        TestRepos.setConfig(repo, "gpg", null, "format", "ssh");
        TestRepos.setConfig(repo, "gpg", "ssh", "defaultKeyCommand", touch);
    }

    @AfterEach
    void tearDown() {
        repositories.close();
    }

    @Test
    void shouldRunNoHookOrProgramOnAddCommitStatusPushFetchPullCheckout() throws Exception {
        Files.writeString(repo.resolve("new.txt"), "n\n");

        new ChangeOperation(repositories).add(new ChangeOperation.AddRequest("project", List.of("new.txt")));
        var commit = new ChangeOperation(repositories).commit(new ChangeOperation.CommitRequest("project", "no hooks", null, null, null), null);
        new StatusOperation(repositories).status(new StatusOperation.Request("project", null));
        new DiffOperation(repositories).diff(new DiffOperation.Request("project", null, null, null, null, null));
        var pushed = new PushOperation(repositories).push(new PushOperation.PushRequest("project", null, null, true, null, null));
        new FetchOperation(repositories).fetch(new FetchOperation.FetchRequest("project", null, null));
        new PullOperation(repositories).pull(new PullOperation.PullRequest("project", null, null, null));
        new BranchOperation(repositories).create(new BranchOperation.CreateRequest("project", "side", null, true));
        new BranchOperation(repositories).checkout(new BranchOperation.CheckoutRequest("project", "main"));

        assertThat(pushed.newHash()).isEqualTo(commit.hash());
        assertThat(marker).doesNotExist();
    }

    @Test
    void shouldRefuseARepositoryWithAFilterDriverWithoutRunningIt() throws Exception {
        Files.writeString(repo.resolve(".gitattributes"), "*.txt filter=evil\n");
        TestRepos.setConfig(repo, "filter", "evil", "clean", "touch " + marker + "; cat");
        TestRepos.setConfig(repo, "filter", "evil", "smudge", "touch " + marker + "; cat");
        Files.writeString(repo.resolve("data.txt"), "d\n");

        assertThatThrownBy(() -> new ChangeOperation(repositories).add(new ChangeOperation.AddRequest("project", List.of("data.txt"))))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("filter.evil.clean");
        assertThatThrownBy(() -> new StatusOperation(repositories).status(new StatusOperation.Request("project", null)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("never runs programs");
        assertThat(marker).doesNotExist();
    }

    @Test
    void shouldRefuseToRunAFilterEvenWhenJGitAsksTheFileSystem() throws Exception {
        NoProcessFS fs = new NoProcessFS();
        assertThatThrownBy(() -> fs.runInShell("touch " + marker, new String[0])).isInstanceOf(ProcessExecutionRefused.class);
        assertThatThrownBy(() -> fs.execute(new ProcessBuilder("touch", marker.toString()), null)).isInstanceOf(ProcessExecutionRefused.class);
        try (var repository = Git.open(repo.toFile()).getRepository()) {
            assertThat(fs.findHook(repository, "pre-commit")).isNull();
            assertThat(fs.runHookIfPresent(repository, "pre-commit", new String[0]).getStatus().name()).isEqualTo("NOT_PRESENT");
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void controlPlainJGitDoesRunThePlantedHook() throws Exception {
        // the same trap, opened with JGit's default file system: the post-commit hook runs
        Path control = TestRepos.repoWith(outside, "control", Map.of("a.txt", "a"));
        Path controlMarker = outside.resolve("control-marker");
        plantHooks(control.resolve(".git/hooks"), "touch " + controlMarker);
        try (Git git = Git.open(control.toFile())) {
            Files.writeString(control.resolve("b.txt"), "b");
            git.add().addFilepattern("b.txt").call();
            git.commit().setMessage("runs hooks").setSign(false).call();
        }
        assertThat(controlMarker).exists();
    }

    private static void plantHooks(Path directory, String command) throws Exception {
        Files.createDirectories(directory);
        for (String hook : HOOKS) {
            Path file = directory.resolve(hook);
            Files.writeString(file, "#!/bin/sh\n" + command + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
