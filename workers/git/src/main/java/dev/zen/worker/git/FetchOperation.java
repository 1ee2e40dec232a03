package dev.zen.worker.git;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * {@code git fetch} of a configured remote into its remote-tracking branches, never into local
 * branches or the worktree, and never into submodules. The remote's URLs are checked by the
 * {@link RemoteGuard} before and while connecting; credentials come from the settings only.
 */
public final class FetchOperation {

    private final GitRepositories repositories;

    public FetchOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /** @param prune remove remote-tracking branches the remote no longer has; default false */
    public record FetchRequest(String repo, String remote, Boolean prune) {
    }

    /** One ref the fetch updated. */
    public record RefUpdate(String ref, String oldHash, String newHash, String result) {
    }

    public record Fetched(String repo, String remote, String remoteUrl, List<RefUpdate> updated, boolean truncated) {
    }

    public Fetched fetch(FetchRequest request) {
        String remote = Refs.checkRemoteName(request.remote());
        return repositories.write(request.repo(), opened -> {
            URIish url = repositories.remotes().checkConfigured(opened, remote, false);
            FetchResult result = GitSandbox.withHttpEgress(repositories.remotes()::allowed, () -> opened.git().fetch().setRemote(remote)
                    .setRemoveDeletedRefs(Boolean.TRUE.equals(request.prune()))
                    .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
                    .setTransportConfigCallback(repositories.remotes().callback(opened.repository())).call());
            List<RefUpdate> updates = new ArrayList<>();
            for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
                updates.add(new RefUpdate(update.getLocalName(), hash(update.getOldObjectId()), hash(update.getNewObjectId()), update.getResult().name()));
            }
            int cap = repositories.settings().maxStatusEntries();
            return new Fetched(opened.name(), remote, repositories.scrub(url.toString()), List.copyOf(updates.subList(0, Math.min(cap, updates.size()))),
                    updates.size() > cap);
        });
    }

    private static String hash(ObjectId id) {
        return id == null || id.equals(ObjectId.zeroId()) ? null : id.name();
    }
}
