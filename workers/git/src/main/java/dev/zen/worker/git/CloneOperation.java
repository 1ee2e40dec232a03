package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * {@code git clone} into a new (or empty) directory under {@code GIT_ROOT}, without submodules. The URL
 * is checked by the {@link RemoteGuard} before anything is created and again on the transport JGit
 * opens: https or ssh to an allowlisted host, or a path relative to {@code GIT_ROOT} naming a
 * repository that is inside it all the way down. A clone that fails leaves no directory behind.
 */
public final class CloneOperation {

    private static final int MAX_DEPTH = 1_000_000;

    private final GitRepositories repositories;

    public CloneOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param url https or ssh URL of an allowlisted host, or a path relative to GIT_ROOT
     * @param directory new directory under GIT_ROOT
     * @param depth shallow clone with this many commits, or null for the full history
     * @param branch branch to check out, default the remote's HEAD
     */
    public record CloneRequest(String url, String directory, Integer depth, String branch) {
    }

    public record Cloned(String repo, String remoteUrl, String branch, String head) {
    }

    public Cloned cloneRepository(CloneRequest request) {
        URIish url = repositories.remotes().checkCloneUrl(request.url());
        Path destination = repositories.jail().resolveDestination("directory", request.directory());
        if (request.depth() != null && (request.depth() < 1 || request.depth() > MAX_DEPTH)) {
            throw new ToolFailure("Expected depth to be between 1 and " + MAX_DEPTH + ", but got " + request.depth());
        }
        String branch = request.branch() == null ? null : Refs.checkBranchName("branch", request.branch());
        String name = repositories.jail().relativeName(destination);
        return repositories.create(destination, name, () -> {
            boolean existed = Files.exists(destination);
            var command = Git.cloneRepository().setURI(url.toString()).setDirectory(destination.toFile()).setFs(repositories.fs())
                    .setCloneSubmodules(false).setTransportConfigCallback(repositories.remotes().callback(destination))
                    .setTimeout((int) Math.max(1, repositories.settings().networkTimeout().toSeconds()));
            if (request.depth() != null) {
                command.setDepth(request.depth());
            }
            if (branch != null) {
                command.setBranch(Constants.R_HEADS + branch);
            }
            try (Git git = GitSandbox.withHttpEgress(repositories.remotes()::allowed, command::call)) {
                Repository repository = git.getRepository();
                ObjectId head = repository.resolve(Constants.HEAD);
                String full = repository.getFullBranch();
                return new Cloned(name, repositories.scrub(url.toString()),
                        full != null && full.startsWith(Constants.R_HEADS) ? repository.getBranch() : null, head == null ? null : head.name());
            } catch (Exception | LinkageError e) {
                removeQuietly(destination, existed);
                throw e;
            }
        });
    }

    private static void removeQuietly(Path directory, boolean keepDirectory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (!keepDirectory || !dir.equals(directory)) {
                        Files.delete(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a half clone left behind is reported by the original failure
        }
    }
}
