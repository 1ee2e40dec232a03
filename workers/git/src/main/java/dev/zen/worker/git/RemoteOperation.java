package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
import org.eclipse.jgit.lib.CommitConfig;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.submodule.SubmoduleWalk.IgnoreSubmoduleMode;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Talking to remotes: push, fetch, pull and clone. Every URL is checked by the {@link RemoteGuard}
 * (allowlisted hosts, https/ssh, local bare repositories under {@code GIT_ROOT}) before and while
 * connecting; credentials come from the settings only.
 *
 * <p>Push never forces: {@code force_with_lease} replaces a remote branch only if it still is where
 * this repository last saw it (the remote-tracking branch), and never a protected branch. Pull is
 * fast-forward only by default; with {@code merge} or {@code rebase} it needs a clean worktree, and
 * a conflict aborts the merge or rebase so that HEAD, index and worktree are as before.
 */
public final class RemoteOperation {

    private static final int MAX_DEPTH = 1_000_000;
    private static final int MAX_LISTED_CONFLICTS = 50;

    private final GitRepositories repositories;

    public RemoteOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param remote remote name, default {@code origin}
     * @param branch local branch to push to the branch of the same name, default the current branch
     * @param setUpstream record the remote branch as the branch's upstream; default false
     * @param forceWithLease replace the remote branch even if not a fast-forward, provided it is where
     *     the remote-tracking branch says; default false
     * @param force plain force: always refused, present so that the refusal is explicit
     */
    public record PushRequest(String repo, String remote, String branch, Boolean setUpstream, Boolean forceWithLease, Boolean force) {
    }

    /**
     * @param remoteUrl the URL pushed to (without credentials)
     * @param status {@code OK} or {@code UP_TO_DATE}
     * @param oldHash what the remote branch pointed to before, or null if it was new
     * @param newHash what it points to now
     */
    public record Pushed(String repo, String remote, String remoteUrl, String branch, String remoteRef, String status, String oldHash,
            String newHash, boolean forced, boolean upstreamSet) {
    }

    /** @param prune remove remote-tracking branches the remote no longer has; default false */
    public record FetchRequest(String repo, String remote, Boolean prune) {
    }

    /** One ref the fetch updated. */
    public record RefUpdate(String ref, String oldHash, String newHash, String result) {
    }

    public record Fetched(String repo, String remote, String remoteUrl, List<RefUpdate> updated, boolean truncated) {
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

    public Pushed push(PushRequest request) {
        if (Boolean.TRUE.equals(request.force())) {
            throw new ToolFailure("Expected no plain force push, but force is set; use force_with_lease, which refuses to overwrite work you have not seen");
        }
        boolean lease = Boolean.TRUE.equals(request.forceWithLease());
        String remote = remoteName(request.remote());
        String requestedBranch = request.branch() == null ? null : Refs.checkBranchName("branch", request.branch());
        return repositories.write(request.repo(), opened -> {
            Repository repository = opened.repository();
            String branch = requestedBranch != null ? requestedBranch : currentBranch(opened);
            if (lease && isProtected(branch)) {
                throw new ToolFailure("Expected a branch that is not protected for force_with_lease, but '" + branch
                        + "' is protected (GIT_PROTECTED_BRANCHES): protected branches are only fast-forwarded");
            }
            String ref = Constants.R_HEADS + branch;
            Ref local = repository.exactRef(ref);
            if (local == null) {
                throw new ToolFailure("Expected branch '" + branch + "' to exist locally, but it does not");
            }
            URIish url = checkRemote(opened, remote, true);
            var command = opened.git().push().setRemote(remote).setTransportConfigCallback(repositories.remotes().callback())
                    .setRefSpecs(new RefSpec((lease ? "+" : "") + ref + ":" + ref)).setForce(false);
            String tracking = Constants.R_REMOTES + remote + "/" + branch;
            if (lease) {
                Ref seen = repository.exactRef(tracking);
                command.setRefLeaseSpecs(new RefLeaseSpec(ref, seen == null ? ObjectId.zeroId().name() : seen.getObjectId().name()));
            }
            Iterable<PushResult> results = GitSandbox.withHttpEgress(repositories.remotes()::allowed, command::call);
            RemoteRefUpdate update = null;
            for (PushResult result : results) {
                update = result.getRemoteUpdate(ref);
            }
            if (update == null) {
                throw new ToolFailure("Expected the remote to report on " + ref + ", but it said nothing");
            }
            switch (update.getStatus()) {
                case OK, UP_TO_DATE -> {
                }
                case REJECTED_NONFASTFORWARD -> throw new ToolFailure("Expected the push of '" + branch + "' to fast-forward the remote branch, but "
                        + "the remote has commits this branch lacks; nothing was changed (pull first, or use force_with_lease if you mean to replace them)");
                case REJECTED_REMOTE_CHANGED -> throw new ToolFailure("Expected the remote branch '" + branch + "' to be where " + remote + "/" + branch
                        + " says (force_with_lease), but it moved; nothing was changed (fetch and look first)");
                default -> throw new ToolFailure("Expected the remote to accept the push of '" + branch + "', but it answered " + update.getStatus()
                        + (update.getMessage() == null ? "" : ": " + repositories.scrub(update.getMessage())));
            }
            boolean upstreamSet = false;
            if (Boolean.TRUE.equals(request.setUpstream())) {
                StoredConfig config = repository.getConfig();
                config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, branch, ConfigConstants.CONFIG_KEY_REMOTE, remote);
                config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, branch, ConfigConstants.CONFIG_KEY_MERGE, ref);
                config.save();
                upstreamSet = true;
            }
            ObjectId old = update.getTrackingRefUpdate() != null ? update.getTrackingRefUpdate().getOldObjectId() : null;
            return new Pushed(opened.name(), remote, repositories.scrub(url.toString()), branch, ref, update.getStatus().name(),
                    old == null || old.equals(ObjectId.zeroId()) ? null : old.name(), update.getNewObjectId().name(), lease && update.isForceUpdate(),
                    upstreamSet);
        });
    }

    public Fetched fetch(FetchRequest request) {
        String remote = remoteName(request.remote());
        return repositories.write(request.repo(), opened -> {
            URIish url = checkRemote(opened, remote, false);
            FetchResult result = GitSandbox.withHttpEgress(repositories.remotes()::allowed, () -> opened.git().fetch().setRemote(remote)
                    .setRemoveDeletedRefs(Boolean.TRUE.equals(request.prune()))
                    .setRecurseSubmodules(org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                    .setTransportConfigCallback(repositories.remotes().callback()).call());
            List<RefUpdate> updates = new ArrayList<>();
            for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
                updates.add(new RefUpdate(update.getLocalName(), hash(update.getOldObjectId()), hash(update.getNewObjectId()), update.getResult().name()));
            }
            int cap = repositories.settings().maxStatusEntries();
            return new Fetched(opened.name(), remote, repositories.scrub(url.toString()), List.copyOf(updates.subList(0, Math.min(cap, updates.size()))),
                    updates.size() > cap);
        });
    }

    public Pulled pull(PullRequest request) {
        String strategy = request.strategy() == null ? "ff-only" : request.strategy();
        if (!List.of("ff-only", "merge", "rebase").contains(strategy)) {
            throw new ToolFailure("Expected strategy to be ff-only, merge or rebase, but got '" + RepositoryJail.shown(strategy) + "'");
        }
        String requestedRemote = request.remote() == null ? null : remoteName(request.remote());
        String requestedBranch = request.branch() == null ? null : Refs.checkBranchName("branch", request.branch());
        return repositories.write(request.repo(), opened -> {
            opened.worktree();
            Repository repository = opened.repository();
            String branch = currentBranch(opened);
            ObjectId oldHead = repository.resolve(Constants.HEAD);
            if (oldHead == null) {
                throw new ToolFailure("Expected a commit on branch '" + branch + "' to pull into, but it has none yet");
            }
            if (repository.getRepositoryState() != RepositoryState.SAFE) {
                throw new ToolFailure("Expected no merge or rebase in progress in repo '" + opened.name() + "', but it is "
                        + repository.getRepositoryState().name());
            }
            var branchConfig = new org.eclipse.jgit.lib.BranchConfig(repository.getConfig(), branch);
            String remote = requestedRemote != null ? requestedRemote
                    : remoteName(branchConfig.getRemote() == null || branchConfig.getRemote().equals(".") ? "origin" : branchConfig.getRemote());
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
            checkRemote(opened, remote, false);
            String source = Constants.R_HEADS + remoteBranch;
            String tracking = Constants.R_REMOTES + remote + "/" + remoteBranch;
            FetchResult fetched = GitSandbox.withHttpEgress(repositories.remotes()::allowed, () -> opened.git().fetch().setRemote(remote)
                    .setRefSpecs(new RefSpec("+" + source + ":" + tracking))
                    .setRecurseSubmodules(org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                    .setTransportConfigCallback(repositories.remotes().callback()).call());
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
                PersonIdent service = new PersonIdent(repositories.settings().authorName(), repositories.settings().authorEmail());
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
                    .setCloneSubmodules(false).setTransportConfigCallback(repositories.remotes().callback())
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

    private URIish checkRemote(GitRepositories.Opened opened, String remote, boolean push) throws Exception {
        RemoteConfig config = new RemoteConfig(opened.repository().getConfig(), remote);
        List<URIish> uris = push && !config.getPushURIs().isEmpty() ? config.getPushURIs() : config.getURIs();
        if (uris.isEmpty()) {
            throw new ToolFailure("Expected remote '" + remote + "' to be configured in repo '" + opened.name() + "', but it is not");
        }
        for (URIish uri : uris) {
            repositories.remotes().check(uri, RemoteGuard.Origin.CONFIG);
        }
        GitRepositories.ConfigGuard.requireSafeHttpConfig(opened.repository().getConfig(), opened.name());
        return uris.get(0);
    }

    private static String currentBranch(GitRepositories.Opened opened) throws IOException {
        String full = opened.repository().getFullBranch();
        if (full == null || !full.startsWith(Constants.R_HEADS)) {
            throw new ToolFailure("Expected repo '" + opened.name() + "' to be on a branch, but HEAD is detached (name the branch)");
        }
        return full.substring(Constants.R_HEADS.length());
    }

    private static String remoteName(String remote) {
        String name = remote == null ? "origin" : remote;
        if (name.isEmpty() || name.length() > 100 || name.startsWith("-") || !name.matches("[A-Za-z0-9._/-]+") || name.contains("..")) {
            throw new ToolFailure("Expected remote to be the name of a configured remote (like origin), but got '" + RepositoryJail.shown(name) + "'");
        }
        return name;
    }

    private boolean isProtected(String branch) {
        return repositories.settings().protectedBranches().contains(branch);
    }

    private static String hash(ObjectId id) {
        return id == null || id.equals(ObjectId.zeroId()) ? null : id.name();
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
