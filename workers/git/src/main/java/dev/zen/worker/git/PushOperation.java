package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * {@code git push} of one local branch to the branch of the same name on a remote. Every URL is
 * checked by the {@link RemoteGuard} (allowlisted hosts, https/ssh, local repositories inside
 * {@code GIT_ROOT} all the way down) before and while connecting; credentials come from the settings
 * only.
 *
 * <p>Push never forces: {@code force_with_lease} replaces a remote branch only if it still is where
 * this repository last saw it (the remote-tracking branch), and never a protected branch.
 */
public final class PushOperation {

    private final GitRepositories repositories;

    public PushOperation(GitRepositories repositories) {
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

    public Pushed push(PushRequest request) {
        if (Boolean.TRUE.equals(request.force())) {
            throw new ToolFailure("Expected no plain force push, but force is set; use force_with_lease, which refuses to overwrite work you have not seen");
        }
        boolean lease = Boolean.TRUE.equals(request.forceWithLease());
        String remote = Refs.checkRemoteName(request.remote());
        String requestedBranch = request.branch() == null ? null : Refs.checkBranchName("branch", request.branch());
        return repositories.write(request.repo(), opened -> {
            Repository repository = opened.repository();
            String branch = requestedBranch != null ? requestedBranch : Refs.currentBranch(opened);
            if (lease && repositories.settings().protectedBranches().contains(branch)) {
                throw new ToolFailure("Expected a branch that is not protected for force_with_lease, but '" + branch
                        + "' is protected (GIT_PROTECTED_BRANCHES): protected branches are only fast-forwarded");
            }
            String ref = Constants.R_HEADS + branch;
            Ref local = repository.exactRef(ref);
            if (local == null) {
                throw new ToolFailure("Expected branch '" + branch + "' to exist locally, but it does not");
            }
            URIish url = repositories.remotes().checkConfigured(opened, remote, true);
            var command = opened.git().push().setRemote(remote).setTransportConfigCallback(repositories.remotes().callback(repository))
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
}
