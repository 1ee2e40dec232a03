package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.CommitConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git add} and {@code git commit}. Adding stages new and modified files and the removal of
 * deleted ones under the given paths. Committing refuses an empty commit unless asked
 * ({@code allow_empty}), never runs hooks ({@code --no-verify}) and never signs. The committer is the
 * service ({@link GitSettings#committerName()}); the author is the caller's principal when there is one,
 * else the service; amending keeps the amended commit's author, like git.
 */
public final class ChangeOperation {

    private final GitRepositories repositories;

    public ChangeOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /** @param paths files or directories to stage ({@code .} for everything) */
    public record AddRequest(String repo, List<String> paths) {
    }

    /**
     * @param staged the staged changes under the given paths after adding
     * @param truncated whether more staged entries exist than listed
     */
    public record AddResult(String repo, List<StatusOperation.Entry> staged, boolean truncated) {
    }

    /**
     * @param message the commit message (at most the message cap, no NUL)
     * @param paths paths to stage before committing, or null to commit what is staged
     * @param amend replace the last commit instead of adding one; default false
     * @param allowEmpty commit even when nothing changed; default false
     */
    public record CommitRequest(String repo, String message, List<String> paths, Boolean amend, Boolean allowEmpty) {
    }

    /**
     * @param hash the new commit
     * @param branch the branch it is on, or null when HEAD is detached
     * @param filesChanged files that differ from the first parent
     * @param amended whether the last commit was replaced
     */
    public record CommitResult(String repo, String hash, String branch, String subject, String author, String authorEmail, String committer,
            String committerEmail, List<String> parents, int filesChanged, boolean amended) {
    }

    public AddResult add(AddRequest request) {
        return repositories.write(request.repo(), opened -> {
            Path worktree = opened.worktree();
            List<String> paths = repositories.jail().resolvePaths(worktree, request.paths(), "paths");
            requireMatches(opened.repository(), worktree, paths);
            stage(opened.git(), paths);
            StatusCommand statusCommand = opened.git().status();
            if (!paths.contains(".")) {
                // JGit's status matches no file for the path "."; without a path it covers the whole worktree
                paths.forEach(statusCommand::addPath);
            }
            Status status = statusCommand.call();
            List<StatusOperation.Entry> staged = new ArrayList<>();
            new TreeSet<>(status.getAdded()).forEach(p -> staged.add(new StatusOperation.Entry(p, "staged", "added")));
            new TreeSet<>(status.getChanged()).forEach(p -> staged.add(new StatusOperation.Entry(p, "staged", "modified")));
            new TreeSet<>(status.getRemoved()).forEach(p -> staged.add(new StatusOperation.Entry(p, "staged", "deleted")));
            int cap = repositories.settings().maxStatusEntries();
            return new AddResult(opened.name(), List.copyOf(staged.subList(0, Math.min(cap, staged.size()))), staged.size() > cap);
        });
    }

    public CommitResult commit(CommitRequest request, String principalSubject) {
        String message = checkMessage(request.message());
        boolean amend = Boolean.TRUE.equals(request.amend());
        boolean allowEmpty = Boolean.TRUE.equals(request.allowEmpty());
        GitSettings settings = repositories.settings();
        PersonIdent committer = new PersonIdent(settings.committerName(), settings.committerEmail());
        PersonIdent author = principalSubject == null || principalSubject.isBlank() ? committer : principal(principalSubject);
        return repositories.write(request.repo(), opened -> {
            Path worktree = opened.worktree();
            Repository repository = opened.repository();
            List<String> paths = request.paths() == null ? List.of() : repositories.jail().resolvePaths(worktree, request.paths(), "paths");
            ObjectId head = repository.resolve("HEAD^{commit}");
            if (amend && head == null) {
                throw new ToolFailure("Expected a commit to amend in repo '" + opened.name() + "', but it has none yet");
            }
            if (!paths.isEmpty()) {
                requireMatches(repository, worktree, paths);
            }
            if (!repository.getRepositoryState().canCommit()) {
                throw new ToolFailure("Expected repo '" + opened.name() + "' to be ready to commit, but it is in state "
                        + repository.getRepositoryState().name() + " (finish or abort the merge or rebase first)");
            }
            DirCache before = repository.readDirCache();
            if (!paths.isEmpty()) {
                stage(opened.git(), paths);
            }
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit base = head == null ? null : walk.parseCommit(head);
                if (amend && base != null) {
                    base = base.getParentCount() == 0 ? null : walk.parseCommit(base.getParent(0));
                }
                if (!allowEmpty && !indexDiffers(repository, base)) {
                    if (!paths.isEmpty()) {
                        restore(repository, before);
                    }
                    throw new ToolFailure("Expected staged changes to commit in repo '" + opened.name() + "', but "
                            + (amend ? "amending would leave the commit empty" : "nothing is staged")
                            + " (stage files with paths, or set allow_empty to commit anyway)");
                }
            }
            CommitCommand command = opened.git().commit()
                    .setMessage(message)
                    .setAmend(amend)
                    .setAllowEmpty(true)
                    .setNoVerify(true)
                    .setSign(Boolean.FALSE)
                    .setCleanupMode(CommitConfig.CleanupMode.WHITESPACE)
                    .setCommitter(committer);
            if (!amend) {
                command.setAuthor(author);
            }
            RevCommit commit;
            try {
                commit = command.call();
            } catch (Exception | Error e) {
                // what this call staged is unstaged again: a refused commit changes nothing
                if (!paths.isEmpty()) {
                    try {
                        restore(repository, before);
                    } catch (IOException restoreFailed) {
                        e.addSuppressed(restoreFailed);
                    }
                }
                throw e;
            }
            String full = repository.getFullBranch();
            return new CommitResult(opened.name(), commit.name(), full != null && full.startsWith("refs/heads/") ? repository.getBranch() : null,
                    commit.getShortMessage(), commit.getAuthorIdent().getName(), commit.getAuthorIdent().getEmailAddress(),
                    commit.getCommitterIdent().getName(), commit.getCommitterIdent().getEmailAddress(), Commits.parents(commit),
                    filesChanged(repository, commit), amend);
        });
    }

    private String checkMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new ToolFailure("Expected message to be the commit message, but it is empty");
        }
        if (message.indexOf('\0') >= 0) {
            throw new ToolFailure("Expected message to be text, but it contains a NUL byte");
        }
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        int cap = repositories.settings().maxMessageBytes();
        if (bytes > cap) {
            throw new ToolFailure("Expected message to be at most " + cap + " bytes, but it has " + bytes);
        }
        return message;
    }

    /** The caller's principal as author: the subject as name, and as e-mail when it is one. */
    static PersonIdent principal(String subject) {
        String name = subject.replaceAll("[\\p{Cntrl}<>]", "").strip();
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        if (name.isEmpty()) {
            name = "unknown";
        }
        String email = name.matches("[^@\\s]+@[^@\\s]+") ? name
                : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "") + "@zen.invalid";
        if (email.startsWith("@")) {
            email = "unknown" + email;
        }
        return new PersonIdent(name, email);
    }

    /** Refuses, before anything changes, a path that is neither in the worktree nor tracked. */
    static void requireMatches(Repository repository, Path worktree, List<String> paths) throws IOException {
        DirCache index = repository.readDirCache();
        for (String path : paths) {
            if (path.equals(".") || Files.exists(worktree.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (index.findEntry(path) >= 0 || index.getEntriesWithin(path).length > 0) {
                continue;
            }
            throw new ToolFailure("Expected paths entry '" + RepositoryJail.shown(path) + "' to exist in the worktree or the index, but it matches nothing");
        }
    }

    static void stage(Git git, List<String> paths) throws Exception {
        AddCommand add = git.add();
        paths.forEach(add::addFilepattern);
        add.call();
        // a second pass stages the removal of deleted files, which the first pass leaves alone
        AddCommand update = git.add().setUpdate(true);
        paths.forEach(update::addFilepattern);
        update.call();
    }

    /** Puts the index back as it was (after staging that turned out to change nothing worth a commit). */
    private static void restore(Repository repository, DirCache before) throws IOException {
        DirCache index = repository.lockDirCache();
        try {
            var builder = index.builder();
            for (int i = 0; i < before.getEntryCount(); i++) {
                builder.add(before.getEntry(i));
            }
            builder.commit();
        } finally {
            index.unlock();
        }
    }

    private static boolean indexDiffers(Repository repository, RevCommit base) throws IOException {
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.addTree(base == null ? new EmptyTreeIterator() : parser(repository, base));
            walk.addTree(new DirCacheIterator(repository.readDirCache()));
            walk.setFilter(TreeFilter.ANY_DIFF);
            return walk.next();
        }
    }

    private static AbstractTreeIterator parser(Repository repository, RevCommit commit) throws IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        try (var reader = repository.newObjectReader()) {
            parser.reset(reader, commit.getTree());
        }
        return parser;
    }

    private static int filesChanged(Repository repository, RevCommit commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.setRecursive(true);
            tree.addTree(commit.getParentCount() == 0 ? new EmptyTreeIterator() : parser(repository, walk.parseCommit(commit.getParent(0))));
            tree.addTree(parser(repository, walk.parseCommit(commit)));
            tree.setFilter(TreeFilter.ANY_DIFF);
            int count = 0;
            while (tree.next()) {
                count++;
            }
            return count;
        }
    }
}
