package dev.zen.ops;

import dev.zen.worker.git.GitRepositories;
import dev.zen.worker.git.GitSettings;
import dev.zen.worker.git.LogOperation;
import dev.zen.worker.git.StatusOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The {@code services} group of {@code ./zen bench}: reads of the git service on a repository of
 * 1,000 files and 1,000 commits (made once under GIT_ROOT, kept for later runs), through the whole
 * platform (MCP over HTTP → gateway → Kafka → git worker → reply) and, as the floor, the same
 * operations of the git service called directly in this process (JGit, no platform).
 */
final class ServicesBench implements AutoCloseable {

    static final String REPO = "bench-1000";
    static final int FILES = 1_000;
    static final int COMMITS = 1_000;

    private final GitRepositories repositories;
    private final StatusOperation status;
    private final LogOperation log;

    ServicesBench(Path gitRoot) throws Exception {
        prepare(gitRoot.resolve(REPO));
        this.repositories = new GitRepositories(GitSettings.defaults(gitRoot));
        this.status = new StatusOperation(repositories);
        this.log = new LogOperation(repositories);
    }

    /** One commit adding {@link #FILES} files, then one commit changing one file each, up to {@link #COMMITS}. */
    private static void prepare(Path repo) throws Exception {
        // written last: a repository whose making was cut off is made again, never measured half-made
        Path complete = repo.resolve(".git/zen-bench-complete");
        if (Files.exists(complete)) {
            return;
        }
        if (Files.exists(repo)) {
            try (var paths = Files.walk(repo)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        PersonIdent bench = new PersonIdent("Bench", "bench@zen.invalid");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < FILES; i++) {
                Path file = repo.resolve("src/dir" + i / 100 + "/file" + i + ".txt");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "file " + i + "\n".repeat(20));
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Add " + FILES + " files").setAuthor(bench).setCommitter(bench).setSign(false).call();
            for (int c = 1; c < COMMITS; c++) {
                String name = "src/dir" + (c % FILES) / 100 + "/file" + c % FILES + ".txt";
                Files.writeString(repo.resolve(name), "change " + c + "\n", java.nio.file.StandardOpenOption.APPEND);
                git.add().addFilepattern(name).call();
                git.commit().setMessage("Change " + name + " (" + c + ")").setAuthor(bench).setCommitter(bench).setSign(false).call();
            }
        }
        Files.writeString(complete, FILES + " files, " + COMMITS + " commits\n");
    }

    void directStatus() {
        if (status.status(new StatusOperation.Request(REPO, 0)).head() == null) {
            throw new IllegalStateException("Expected a HEAD");
        }
    }

    void directLog() {
        if (log.log(new LogOperation.Request(REPO, null, 50, 0, null, null, null, null)).entries().size() != 50) {
            throw new IllegalStateException("Expected 50 commits");
        }
    }

    @Override
    public void close() {
        repositories.close();
    }
}
