package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.RebaseCommand;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.CommitConfig;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.submodule.SubmoduleWalk.IgnoreSubmoduleMode;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;

/**
 * {@code git pull}: fetches one branch of a remote (checked by the {@link RemoteGuard} before and while
 * connecting) and brings the current branch up to it. Fast-forward only by default; with
 * {@code merge} or {@code rebase} it needs a clean worktree, and a conflict aborts the merge or rebase
 * so that HEAD, index and worktree are as before. A merge commit and the commits a rebase rewrites
 * name the service as committer ({@code GIT_COMMITTER_NAME}, {@code GIT_COMMITTER_EMAIL}); a rebase
 * keeps each commit's author.
 */
public final class PullOperation {

    private static final int MAX_LISTED_CONFLICTS = 50;

    private final GitRepositories repositories;

    public PullOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param remote default: the branch's configured remote, else {@code origin}
     * @param branch remote branch to pull, default: the branch's upstream, else the same name
     * @param strategy {@code ff-only} (default), {@code merge} or {@code rebase}
     */
    public record PullRequest(String repo, String remote, String branch, String strategy) {
    }

    /**
     * @param outcome {@code UP_TO_DATE}, {@code FAST_FORWARD}, {@code MERGED} or {@code REBASED}
     * @param oldHead HEAD before
     * @param newHead HEAD after
     */
    public record Pulled(String repo, String remote, String remoteBranch, String strategy, String outcome, String oldHead, String newHead) {
    }

    public Pulled pull(PullRequest request) {
        String strategy = request.strategy() == null ? "ff-only" : request.strategy();
        if (!List.of("ff-only", "merge", "rebase").contains(strategy)) {
            throw new ToolFailure("Expected strategy to be ff-only, merge or rebase, but got '" + RepositoryJail.shown(strategy) + "'");
        }
        String requestedRemote = request.remote() == null ? null : Refs.checkRemoteName(request.remote());
        String requestedBranch = request.branch() == null ? null : Refs.checkBranchName("branch", request.branch());
        return repositories.write(request.repo(), opened -> {
            opened.worktree();
            Repository repository = opened.repository();
            String branch = Refs.currentBranch(opened);
            ObjectId oldHead = repository.resolve(Constants.HEAD);
            if (oldHead == null) {
                throw new ToolFailure("Expected a commit on branch '" + branch + "' to pull into, but it has none yet");
            }
            if (repository.getRepositoryState() != RepositoryState.SAFE) {
                throw new ToolFailure("Expected no merge or rebase in progress in repo '" + opened.name() + "', but it is "
                        + repository.getRepositoryState().name());
            }
            var branchConfig = new BranchConfig(repository.getConfig(), branch);
            String remote = requestedRemote != null ? requestedRemote
                    : Refs.checkRemoteName(branchConfig.getRemote() == null || branchConfig.getRemote().equals(".") ? "origin" : branchConfig.getRemote());
            String remoteBranch = requestedBranch != null ? requestedBranch
                    : branchConfig.getMerge() != null && branchConfig.getMerge().startsWith(Constants.R_HEADS)
                            ? Refs.checkBranchName("branch", branchConfig.getMerge().substring(Constants.R_HEADS.length()))
                            : branch;
            if (!strategy.equals("ff-only")) {
                GitRepositories.ConfigGuard.requireNoSigning(repository.getConfig(), opened.name());
                Status status = opened.git().status().setIgnoreSubmodules(IgnoreSubmoduleMode.ALL).call();
                if (status.hasUncommittedChanges()) {
                    throw new ToolFailure("Expected no uncommitted changes to pull with strategy " + strategy + ", but "
                            + status.getUncommittedChanges().size() + " file(s) have some; commit them first (ff-only works with unrelated local changes)");
                }
            }
            repositories.remotes().checkConfigured(opened, remote, false);
            String source = Constants.R_HEADS + remoteBranch;
            String tracking = Constants.R_REMOTES + remote + "/" + remoteBranch;
            FetchResult fetched = GitSandbox.withHttpEgress(repositories.remotes()::allowed, () -> opened.git().fetch().setRemote(remote)
                    .setRefSpecs(new RefSpec("+" + source + ":" + tracking))
                    .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
                    .setTransportConfigCallback(repositories.remotes().callback(opened.repository())).call());
            Ref advertised = fetched.getAdvertisedRef(source);
            if (advertised == null) {
                throw new ToolFailure("Expected remote '" + remote + "' to have branch '" + remoteBranch + "', but it does not");
            }
            ObjectId theirs = advertised.getObjectId();
            String outcome = switch (strategy) {
                case "ff-only" -> fastForward(opened, oldHead, theirs, remote + "/" + remoteBranch);
                case "merge" -> merge(opened, oldHead, theirs, remote + "/" + remoteBranch);
                default -> rebase(opened, oldHead, theirs, remote + "/" + remoteBranch);
            };
            return new Pulled(opened.name(), remote, remoteBranch, strategy, outcome, oldHead.name(), repository.resolve(Constants.HEAD).name());
        });
    }

    private String fastForward(GitRepositories.Opened opened, ObjectId oldHead, ObjectId theirs, String name) throws Exception {
        MergeResult result;
        try {
            result = opened.git().merge().include(name, theirs).setFastForward(MergeCommand.FastForwardMode.FF_ONLY).setCommit(true).call();
        } catch (CheckoutConflictException e) {
            throw localChanges(e.getConflictingPaths(), name);
        }
        return switch (result.getMergeStatus()) {
            case ALREADY_UP_TO_DATE -> "UP_TO_DATE";
            case FAST_FORWARD -> "FAST_FORWARD";
            case FAILED -> throw localChanges(new ArrayList<>(result.getFailingPaths() == null ? List.of() : result.getFailingPaths().keySet()), name);
            default -> {
                int[] counts = aheadBehind(opened.repository(), oldHead, theirs);
                throw new ToolFailure("Expected " + name + " to be a fast-forward of the current branch, but they have diverged (" + counts[0]
                        + " local and " + counts[1] + " remote commits); nothing was changed (pull with strategy merge or rebase)");
            }
        };
    }

    private String merge(GitRepositories.Opened opened, ObjectId oldHead, ObjectId theirs, String name) throws Exception {
        Git git = opened.git();
        MergeResult result;
        try {
            result = git.merge().include(name, theirs).setFastForward(MergeCommand.FastForwardMode.FF).setCommit(false).call();
        } catch (CheckoutConflictException e) {
            throw localChanges(e.getConflictingPaths(), name);
        }
        switch (result.getMergeStatus()) {
            case ALREADY_UP_TO_DATE:
                return "UP_TO_DATE";
            case FAST_FORWARD:
                return "FAST_FORWARD";
            case MERGED_NOT_COMMITTED: {
                PersonIdent service = new PersonIdent(repositories.settings().committerName(), repositories.settings().committerEmail());
                String message = opened.repository().readMergeCommitMsg();
                git.commit().setMessage(message == null || message.isBlank() ? "Merge " + name : message).setNoVerify(true).setSign(Boolean.FALSE)
                        .setCleanupMode(CommitConfig.CleanupMode.STRIP).setAuthor(service).setCommitter(service).call();
                return "MERGED";
            }
            case CONFLICTING: {
                List<String> conflicts = new ArrayList<>(result.getConflicts() == null ? List.of() : result.getConflicts().keySet());
                abortMerge(opened, oldHead);
                throw conflicted("merge", name, conflicts);
            }
            case FAILED: {
                Map<String, ?> failing = result.getFailingPaths();
                abortMerge(opened, oldHead);
                throw localChanges(new ArrayList<>(failing == null ? List.of() : failing.keySet()), name);
            }
            default:
                abortMerge(opened, oldHead);
                throw new ToolFailure("Expected to merge " + name + ", but the merge ended " + result.getMergeStatus() + "; nothing was changed");
        }
    }

    private String rebase(GitRepositories.Opened opened, ObjectId oldHead, ObjectId theirs, String name) throws Exception {
        // RebaseCommand has no committer setter: its commits (and an abort's reset) take the repository's default identity
        PersonIdent service = new PersonIdent(repositories.settings().committerName(), repositories.settings().committerEmail());
        return GitSandbox.withCommitter(opened.repository(), service, () -> rebaseAsService(opened, oldHead, theirs, name));
    }

    private String rebaseAsService(GitRepositories.Opened opened, ObjectId oldHead, ObjectId theirs, String name) throws Exception {
        Git git = opened.git();
        RebaseResult result = git.rebase().setUpstream(theirs).setUpstreamName(name).call();
        RebaseResult.Status status = result.getStatus();
        switch (status) {
            case OK:
                return "REBASED";
            case UP_TO_DATE:
                return "UP_TO_DATE";
            case FAST_FORWARD:
                return "FAST_FORWARD";
            case STOPPED: {
                List<String> conflicts = new ArrayList<>(git.status().call().getConflicting());
                abortRebase(opened, oldHead);
                throw conflicted("rebase", name, conflicts);
            }
            case CONFLICTS:
                abortRebase(opened, oldHead);
                throw localChanges(result.getConflicts() == null ? List.of() : result.getConflicts(), name);
            default:
                abortRebase(opened, oldHead);
                throw new ToolFailure("Expected to rebase onto " + name + ", but the rebase ended " + status + "; it was aborted and nothing was changed");
        }
    }

    private static void abortMerge(GitRepositories.Opened opened, ObjectId oldHead) throws Exception {
        opened.git().reset().setMode(ResetCommand.ResetType.HARD).setRef(oldHead.name()).call();
        Repository repository = opened.repository();
        repository.writeMergeHeads(null);
        repository.writeMergeCommitMsg(null);
    }

    private static void abortRebase(GitRepositories.Opened opened, ObjectId oldHead) throws Exception {
        Repository repository = opened.repository();
        if (repository.getRepositoryState().isRebasing()) {
            opened.git().rebase().setOperation(RebaseCommand.Operation.ABORT).call();
        }
        if (!oldHead.equals(repository.resolve(Constants.HEAD))) {
            opened.git().reset().setMode(ResetCommand.ResetType.HARD).setRef(oldHead.name()).call();
        }
    }

    private static ToolFailure conflicted(String what, String name, List<String> conflicts) {
        List<String> sorted = conflicts.stream().sorted().toList();
        return new ToolFailure("Expected to " + what + " " + name + " without conflicts, but " + sorted.size() + " file(s) conflict: "
                + String.join(", ", sorted.subList(0, Math.min(MAX_LISTED_CONFLICTS, sorted.size()))) + (sorted.size() > MAX_LISTED_CONFLICTS ? ", ..." : "")
                + "; the " + what + " was aborted and HEAD, index and worktree are as they were");
    }

    private static ToolFailure localChanges(List<String> paths, String name) {
        List<String> sorted = paths.stream().sorted().toList();
        return new ToolFailure("Expected to update the worktree to " + name + ", but local changes to " + sorted.size() + " file(s) would be overwritten: "
                + String.join(", ", sorted.subList(0, Math.min(MAX_LISTED_CONFLICTS, sorted.size()))) + "; nothing was changed (commit them first)");
    }

    private static int[] aheadBehind(Repository repository, ObjectId ours, ObjectId theirs) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit local = walk.parseCommit(ours);
            RevCommit remote = walk.parseCommit(theirs);
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(local);
            walk.markStart(remote);
            RevCommit base = walk.next();
            walk.reset();
            walk.setRevFilter(RevFilter.ALL);
            int ahead = count(walk, local, base);
            int behind = count(walk, remote, base);
            return new int[] {ahead, behind};
        }
    }

    private static int count(RevWalk walk, RevCommit from, RevCommit base) throws IOException {
        walk.reset();
        walk.markStart(from);
        if (base != null) {
            walk.markUninteresting(base);
        }
        int count = 0;
        for (RevCommit ignored : walk) {
            count++;
        }
        return count;
    }
}
