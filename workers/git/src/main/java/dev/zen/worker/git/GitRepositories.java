package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The one way the git service's operations reach a repository: resolves the {@code repo} argument
 * through the {@link RepositoryJail}, takes the repository's lock ({@link RepositoryLocks}), opens it
 * with the {@link NoProcessFS} (so nothing in it can run a program), hands it to the operation, closes
 * it, and turns every failure into a scrubbed {@link ToolFailure} ({@link GitErrors}).
 *
 * <p>Thread-safe; one instance per worker. Blocking: every call does file I/O and may wait for the
 * repository's lock, up to {@link GitSettings#lockTimeout()}.
 */
public final class GitRepositories implements AutoCloseable {

    private final GitSettings settings;
    private final RepositoryJail jail;
    private final RepositoryLocks locks;
    private final Redactor redactor;
    private final GitErrors errors;
    private final RemoteGuard remotes;
    private final StorageGuard storage;
    private final FS fs;

    public GitRepositories(GitSettings settings) {
        GitSandbox.install();
        this.settings = settings;
        this.jail = new RepositoryJail(settings.root());
        this.locks = new RepositoryLocks(settings.lockTimeout());
        this.redactor = new Redactor(settings, jail.root());
        this.errors = new GitErrors(redactor);
        this.fs = new NoProcessFS();
        this.storage = new StorageGuard(jail, fs);
        this.remotes = new RemoteGuard(settings, jail, storage, fs);
    }

    public GitSettings settings() {
        return settings;
    }

    RepositoryJail jail() {
        return jail;
    }

    RemoteGuard remotes() {
        return remotes;
    }

    FS fs() {
        return fs;
    }

    String scrub(String message) {
        return redactor.scrub(message);
    }

    /** Runs a reading operation on a repository (shared lock). */
    <T> T read(String repo, Work<T> work) {
        return run(repo, false, work);
    }

    /** Runs a writing operation on a repository (exclusive lock, bounded wait). */
    <T> T write(String repo, Work<T> work) {
        return run(repo, true, work);
    }

    /** Runs work that creates a repository at {@code destination} (clone) under the destination's lock. */
    <T> T create(Path destination, String name, Creation<T> work) {
        try (RepositoryLocks.Held held = locks.acquire(destination, name, true)) {
            try {
                return work.run();
            } catch (Exception | LinkageError e) {
                throw errors.translate(e, name);
            }
        }
    }

    private <T> T run(String repo, boolean write, Work<T> work) {
        Path directory = jail.resolveRepository(repo);
        String name = jail.relativeName(directory);
        try (RepositoryLocks.Held held = locks.acquire(directory, name, write)) {
            try (Repository repository = open(directory, name)) {
                return work.run(new Opened(name, directory, repository, Git.wrap(repository)));
            } catch (Exception | LinkageError e) {
                throw errors.translate(e, name);
            }
        }
    }

    private Repository open(Path directory, String name) throws IOException {
        File dir = directory.toFile();
        File dotGit = new File(dir, ".git");
        boolean bare;
        File gitDir;
        if (Files.exists(dotGit.toPath())) {
            bare = false;
            gitDir = Files.isDirectory(dotGit.toPath()) ? dotGit : RepositoryCache.FileKey.resolve(dir, fs);
        } else if (RepositoryCache.FileKey.isGitRepository(dir, fs)) {
            bare = true;
            gitDir = dir;
        } else {
            throw new ToolFailure("Expected repo '" + name + "' to be a git repository (a worktree with .git, or a bare repository), but it is neither");
        }
        if (gitDir == null) {
            throw new ToolFailure("Expected the .git file of repo '" + name + "' to name a git directory, but it does not");
        }
        // the git directory, commondir, objects and alternates JGit would follow, before it opens any of them
        storage.check(gitDir, "repo '" + name + "'");
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setFS(fs).setGitDir(gitDir).setMustExist(true);
        if (!bare) {
            builder.setWorkTree(dir);
        }
        Repository repository = builder.build();
        try {
            if (repository instanceof FileRepository file && !jail.contains(file.getObjectsDirectory().toPath().toRealPath())) {
                throw new ToolFailure("Expected the objects of repo '" + name + "' to be inside GIT_ROOT, but they are elsewhere");
            }
            if (!repository.isBare() && !repository.getWorkTree().toPath().toRealPath().equals(directory)) {
                throw new ToolFailure("Expected the worktree of repo '" + name + "' to be the directory itself, but core.worktree points elsewhere");
            }
            return repository;
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    @Override
    public void close() {
        remotes.close();
    }

    /** Work on an opened repository. */
    @FunctionalInterface
    interface Work<T> {
        T run(Opened opened) throws Exception;
    }

    /** Work that creates a repository. */
    @FunctionalInterface
    interface Creation<T> {
        T run() throws Exception;
    }

    /** An opened repository, valid during one {@link Work}. */
    record Opened(String name, Path directory, Repository repository, Git git) {

        /** The worktree, after checking the repository has one and that nothing in its config would run a filter program. */
        Path worktree() {
            if (repository.isBare()) {
                throw new ToolFailure("Expected repo '" + name + "' to have a worktree, but it is a bare repository");
            }
            ConfigGuard.requireNoFilterDrivers(repository.getConfig(), name);
            return directory;
        }
    }

    /** Hazards in a repository's config the service refuses rather than ignores. */
    static final class ConfigGuard {

        private ConfigGuard() {
        }

        static void requireNoFilterDrivers(Config config, String name) {
            for (String driver : config.getSubsections("filter")) {
                for (String key : new String[] {"clean", "smudge", "process"}) {
                    String command = config.getString("filter", driver, key);
                    if (command != null && !command.isBlank()) {
                        throw new ToolFailure("Expected repo '" + name + "' to configure no filter programs, but its config sets filter."
                                + RepositoryJail.shown(driver) + "." + key + " (the git service never runs programs; remove it to use this repository)");
                    }
                }
            }
        }

        static void requireSafeHttpConfig(Config config, String name) {
            if (config.getString("http", null, "cookieFile") != null
                    || config.getSubsections("http").stream().anyMatch(s -> config.getString("http", s, "cookieFile") != null)) {
                throw new ToolFailure("Expected repo '" + name + "' to set no http.cookieFile (it would read and write a file outside the repository), "
                        + "but its config sets one");
            }
        }

        static void requireNoSigning(Config config, String name) {
            if (config.getBoolean("commit", "gpgSign", false)) {
                throw new ToolFailure("Expected repo '" + name + "' not to require signed commits (commit.gpgSign) for a merge or rebase, "
                        + "but it does; the git service does not sign");
            }
        }
    }
}
