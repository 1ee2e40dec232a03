package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentWritersTest {

    @TempDir
    Path root;

    @Test
    void shouldKeepEveryCommitOfEightConcurrentWriters() throws Exception {
        Path repo = TestRepos.repoWith(root, "busy", Map.of("README.md", "r"));
        int writers = 8;
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root));
                ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                Files.writeString(repo.resolve("file" + i + ".txt"), "content " + i);
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ChangeOperation.CommitResult>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return new ChangeOperation(repositories)
                            .commit(new ChangeOperation.CommitRequest("busy", "writer " + n, List.of("file" + n + ".txt"), null, null), "w" + n);
                }));
            }
            start.countDown();
            Set<String> hashes = new HashSet<>();
            for (var future : futures) {
                hashes.add(future.get().hash());
            }

            assertThat(hashes).hasSize(writers);
            try (Git git = Git.open(repo.toFile())) {
                List<RevCommit> history = new ArrayList<>();
                git.log().call().forEach(history::add);
                assertThat(history).hasSize(writers + 1);
                assertThat(history).extracting(RevCommit::name).containsAll(hashes);
                // linear: every commit has exactly the one before it as parent
                for (int i = 0; i < history.size() - 1; i++) {
                    assertThat(history.get(i).getParents()).containsExactly(history.get(i + 1));
                }
                Set<String> files = new HashSet<>();
                try (TreeWalk walk = new TreeWalk(git.getRepository())) {
                    walk.addTree(history.get(0).getTree());
                    walk.setRecursive(true);
                    while (walk.next()) {
                        files.add(walk.getPathString());
                    }
                }
                assertThat(files).hasSize(writers + 1);
                assertThat(git.status().call().isClean()).isTrue();
            }
        }
    }

    @Test
    void shouldReportAnIndexLockHeldByAnotherProcessWithNothingChanged() throws Exception {
        Path repo = TestRepos.repoWith(root, "locked", Map.of("README.md", "r"));
        Files.writeString(repo.resolve("README.md"), "changed");
        Files.writeString(repo.resolve(".git/index.lock"), "");
        var before = TestRepos.snapshot(repo);
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root))) {
            assertThatThrownBy(() -> new ChangeOperation(repositories)
                    .commit(new ChangeOperation.CommitRequest("locked", "blocked", List.of("README.md"), null, null), null))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("another process holds one of its lock files")
                    .hasMessageNotContaining(root.toString());
        }
        assertThat(TestRepos.snapshot(repo)).isEqualTo(before);
    }

    @Test
    void shouldFailAWriterThatWaitsLongerThanTheLockTimeout() throws Exception {
        TestRepos.repoWith(root, "slow", Map.of("README.md", "r"));
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root).withLockTimeout(Duration.ofMillis(100)));
                ExecutorService pool = Executors.newSingleThreadExecutor()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = pool.submit(() -> repositories.write("slow", opened -> {
                holding.countDown();
                release.await();
                return null;
            }));
            holding.await();

            assertThatThrownBy(() -> new BranchOperation(repositories).create(new BranchOperation.CreateRequest("slow", "x", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("other calls kept it busy");

            release.countDown();
            holder.get();
        }
    }
}
