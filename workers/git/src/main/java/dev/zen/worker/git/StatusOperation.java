package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code git status}: the branch, its upstream with ahead/behind counts, and the staged, unstaged,
 * untracked and conflicting files. Entries are listed in that order (conflicting, staged, unstaged,
 * untracked), at most {@link GitSettings#maxStatusEntries()} per call; {@code offset} continues.
 */
public final class StatusOperation {

    private final GitRepositories repositories;

    public StatusOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param repo repository, relative to GIT_ROOT
     * @param offset entries to skip (from a previous {@link Result#nextOffset()}), default 0
     */
    public record Request(String repo, Integer offset) {
    }

    /**
     * @param kind {@code staged}, {@code unstaged}, {@code untracked} or {@code conflicting}
     * @param change {@code added}, {@code modified}, {@code deleted}, {@code untracked} or {@code conflicting}
     */
    public record Entry(String path, String kind, String change) {
    }

    /**
     * @param branch current branch, or null when HEAD is detached or the repository has no commit
     * @param head current commit (full hash), or null
     * @param upstream upstream branch ({@code origin/main}) or null
     * @param ahead commits on the branch not on its upstream, or null without upstream
     * @param behind commits on the upstream not on the branch, or null without upstream
     * @param state repository state ({@code SAFE}, {@code MERGING}, {@code REBASING_MERGE}, ...)
     * @param clean whether there is nothing to commit and nothing untracked
     * @param counts how many entries of each kind exist in total
     * @param entries this page of entries
     * @param truncated whether more entries follow
     * @param nextOffset the offset that continues, or null
     */
    public record Result(String repo, String branch, String head, String upstream, Integer ahead, Integer behind, String state, boolean clean,
            Counts counts, List<Entry> entries, boolean truncated, Integer nextOffset) {
    }

    /** Totals per kind. */
    public record Counts(int staged, int unstaged, int untracked, int conflicting) {
    }

    public Result status(Request request) {
        int offset = request.offset() == null ? 0 : request.offset();
        if (offset < 0) {
            throw new ToolFailure("Expected offset to be 0 or more, but got " + offset);
        }
        return repositories.read(request.repo(), opened -> {
            opened.worktree();
            Repository repository = opened.repository();
            Status status = opened.git().status().call();
            List<Entry> all = new ArrayList<>();
            add(all, status.getConflicting(), "conflicting", "conflicting");
            int conflicting = all.size();
            add(all, status.getAdded(), "staged", "added");
            add(all, status.getChanged(), "staged", "modified");
            add(all, status.getRemoved(), "staged", "deleted");
            int staged = all.size() - conflicting;
            Set<String> conflictPaths = status.getConflicting();
            add(all, minus(status.getModified(), conflictPaths), "unstaged", "modified");
            add(all, minus(status.getMissing(), conflictPaths), "unstaged", "deleted");
            int unstaged = all.size() - conflicting - staged;
            add(all, status.getUntracked(), "untracked", "untracked");
            int untracked = all.size() - conflicting - staged - unstaged;

            int cap = repositories.settings().maxStatusEntries();
            int from = Math.min(offset, all.size());
            int to = Math.min(all.size(), from + cap);
            boolean truncated = to < all.size();

            String branch = null;
            String upstream = null;
            Integer ahead = null;
            Integer behind = null;
            ObjectId head = repository.resolve("HEAD");
            String full = repository.getFullBranch();
            if (full != null && full.startsWith("refs/heads/")) {
                branch = repository.getBranch();
                BranchTrackingStatus tracking = head == null ? null : BranchTrackingStatus.of(repository, branch);
                if (tracking != null) {
                    upstream = Repository.shortenRefName(tracking.getRemoteTrackingBranch());
                    ahead = tracking.getAheadCount();
                    behind = tracking.getBehindCount();
                }
            }
            return new Result(opened.name(), branch, head == null ? null : head.name(), upstream, ahead, behind,
                    repository.getRepositoryState().name(), status.isClean(), new Counts(staged, unstaged, untracked, conflicting),
                    List.copyOf(all.subList(from, to)), truncated, truncated ? to : null);
        });
    }

    private static Set<String> minus(Set<String> paths, Set<String> excluded) {
        Set<String> out = new TreeSet<>(paths);
        out.removeAll(excluded);
        return out;
    }

    private static void add(List<Entry> out, Set<String> paths, String kind, String change) {
        new TreeSet<>(paths).forEach(path -> out.add(new Entry(path, kind, change)));
    }
}
