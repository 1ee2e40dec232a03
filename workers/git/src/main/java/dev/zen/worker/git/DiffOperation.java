package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git diff} and {@code git show}: per-file statistics and a unified patch, the patch capped at
 * {@link GitSettings#maxPatchBytes()} and paged by file ({@code from_file}), the statistics capped at
 * {@link GitSettings#maxStatusEntries()} files per page.
 *
 * <p>Which two sides {@link #diff} compares follows git: no target and not staged = worktree against
 * index; staged = index against HEAD; a target = that revision against the worktree, or against the
 * index when staged. Untracked files are not part of a diff. Renames are detected except against the
 * worktree. {@link #show} compares a commit with its first parent (the empty tree for a root commit).
 */
public final class DiffOperation {

    private static final int DEFAULT_CONTEXT = 3;
    private static final int MAX_CONTEXT = 10_000;

    private final GitRepositories repositories;

    public DiffOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param staged compare the index (instead of the worktree) with HEAD or the target; default false
     * @param target a revision to compare with instead of the index/HEAD, or null
     * @param paths only these paths (files or directories), or null for all
     * @param contextLines lines of context around each change, default 3
     * @param fileOffset first file of this page (from a previous {@code nextFileOffset}), default 0
     */
    public record Request(String repo, Boolean staged, String target, List<String> paths, Integer contextLines, Integer fileOffset) {
    }

    /**
     * @param compared what was compared, e.g. {@code worktree..index}, {@code index..HEAD}, {@code worktree..<hash>}
     * @param page files, patch and paging
     */
    public record Result(String repo, String compared, PatchPager.Page page) {
    }

    /**
     * @param revision a revision naming one commit
     * @param paths only these paths, or null
     * @param contextLines default 3
     * @param fileOffset default 0
     */
    public record ShowRequest(String repo, String revision, List<String> paths, Integer contextLines, Integer fileOffset) {
    }

    /**
     * @param commit hash, author, e-mail, ISO-8601 author date, subject, parents
     * @param committer committer name
     * @param committerEmail committer e-mail
     * @param committerDate ISO-8601 commit date
     * @param message the whole message (capped at the message cap)
     * @param messageTruncated whether the message was cut
     * @param page files and patch against the first parent
     */
    public record ShowResult(String repo, Commits.Summary commit, String committer, String committerEmail, String committerDate, String message,
            boolean messageTruncated, PatchPager.Page page) {
    }

    public Result diff(Request request) {
        int context = context(request.contextLines());
        int offset = offset(request.fileOffset());
        boolean staged = Boolean.TRUE.equals(request.staged());
        if (request.target() != null) {
            Refs.checkRevision("target", request.target());
        }
        return repositories.read(request.repo(), opened -> {
            Repository repository = opened.repository();
            TreeFilter filter = pathFilter(opened, request.paths());
            PatchPager pager = pager(repository);
            try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                AbstractTreeIterator oldTree;
                AbstractTreeIterator newTree;
                DirCache trackedOnly = null;
                String compared;
                if (request.target() != null) {
                    RevCommit target = Refs.resolveCommit(repository, walk, "target", request.target());
                    oldTree = tree(reader, target);
                    if (staged) {
                        newTree = new DirCacheIterator(repository.readDirCache());
                        compared = "index.." + target.name();
                    } else {
                        opened.worktree();
                        trackedOnly = repository.readDirCache();
                        newTree = new FileTreeIterator(repository);
                        compared = "worktree.." + target.name();
                    }
                } else if (staged) {
                    ObjectId head = repository.resolve("HEAD^{commit}");
                    oldTree = head == null ? new EmptyTreeIterator() : tree(reader, walk.parseCommit(head));
                    newTree = new DirCacheIterator(repository.readDirCache());
                    compared = "index..HEAD";
                } else {
                    opened.worktree();
                    trackedOnly = repository.readDirCache();
                    oldTree = new DirCacheIterator(trackedOnly);
                    newTree = new FileTreeIterator(repository);
                    compared = "worktree..index";
                }
                boolean renames = trackedOnly == null;
                return new Result(opened.name(), compared, pager.page(oldTree, newTree, filter, context, renames, trackedOnly, offset));
            }
        });
    }

    public ShowResult show(ShowRequest request) {
        int context = context(request.contextLines());
        int offset = offset(request.fileOffset());
        Refs.checkRevision("revision", request.revision());
        return repositories.read(request.repo(), opened -> {
            Repository repository = opened.repository();
            TreeFilter filter = pathFilter(opened, request.paths());
            try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                RevCommit commit = Refs.resolveCommit(repository, walk, "revision", request.revision());
                AbstractTreeIterator oldTree = commit.getParentCount() == 0 ? new EmptyTreeIterator() : tree(reader, walk.parseCommit(commit.getParent(0)));
                PatchPager.Page page = pager(repository).page(oldTree, tree(reader, commit), filter, context, true, null, offset);
                PersonIdent committer = commit.getCommitterIdent();
                String message = commit.getFullMessage();
                int cap = repositories.settings().maxMessageBytes();
                boolean cut = message.getBytes(StandardCharsets.UTF_8).length > cap;
                if (cut) {
                    message = new String(message.getBytes(StandardCharsets.UTF_8), 0, cap, StandardCharsets.UTF_8);
                }
                return new ShowResult(opened.name(), Commits.summary(commit), committer.getName(), committer.getEmailAddress(), Commits.iso(committer),
                        message, cut, page);
            }
        });
    }

    private PatchPager pager(Repository repository) {
        return new PatchPager(repository, repositories.settings().maxPatchBytes(), repositories.settings().maxStatusEntries());
    }

    private TreeFilter pathFilter(GitRepositories.Opened opened, List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return TreeFilter.ALL;
        }
        List<String> checked = repositories.jail().resolvePaths(opened.directory(), paths, "paths");
        return checked.contains(".") ? TreeFilter.ALL : PathFilterGroup.createFromStrings(checked);
    }

    private static AbstractTreeIterator tree(ObjectReader reader, RevCommit commit) throws java.io.IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(reader, commit.getTree());
        return parser;
    }

    private static int context(Integer lines) {
        if (lines == null) {
            return DEFAULT_CONTEXT;
        }
        if (lines < 0 || lines > MAX_CONTEXT) {
            throw new ToolFailure("Expected context_lines to be between 0 and " + MAX_CONTEXT + ", but got " + lines);
        }
        return lines;
    }

    private static int offset(Integer fileOffset) {
        if (fileOffset == null) {
            return 0;
        }
        if (fileOffset < 0) {
            throw new ToolFailure("Expected from_file to be 0 or more, but got " + fileOffset);
        }
        return fileOffset;
    }
}
