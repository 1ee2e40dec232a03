package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.CheckoutResult;
import org.eclipse.jgit.api.ListBranchCommand;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.NotMergedException;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Branches: list, create, checkout, delete. A protected branch ({@link GitSettings#protectedBranches()})
 * is never deleted; the current branch is never deleted; a branch not merged into HEAD is deleted only
 * with {@code force}. Checkout refuses, changing nothing, when local changes would be overwritten.
 */
public final class BranchOperation {

    private final GitRepositories repositories;

    public BranchOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /** @param remote also list remote-tracking branches; default false */
    public record ListRequest(String repo, Boolean remote) {
    }

    /**
     * @param name short name ({@code main}, {@code origin/main} for a remote-tracking branch)
     * @param hash the commit it points to
     * @param upstream the upstream of a local branch, or null
     * @param current whether HEAD is on it
     * @param protectedBranch whether it is protected
     * @param remote whether it is a remote-tracking branch
     */
    public record Branch(String name, String hash, String upstream, boolean current, boolean protectedBranch, boolean remote) {
    }

    /** @param current the current branch or null (detached or no commit) */
    public record ListResult(String repo, String current, List<Branch> branches, boolean truncated) {
    }

    /**
     * @param name the new branch
     * @param base revision to start it at, default HEAD
     * @param checkout switch to it afterwards; default false
     */
    public record CreateRequest(String repo, String name, String base, Boolean checkout) {
    }

    public record CheckoutRequest(String repo, String name) {
    }

    /** @param force delete even when not merged into HEAD; default false */
    public record DeleteRequest(String repo, String name, Boolean force) {
    }

    /** @param hash the commit the branch pointed to (to recreate it if needed) */
    public record BranchResult(String repo, String name, String hash, boolean current) {
    }

    public ListResult list(ListRequest request) {
        return repositories.read(request.repo(), opened -> {
            Repository repository = opened.repository();
            ListBranchCommand command = opened.git().branchList();
            if (Boolean.TRUE.equals(request.remote())) {
                command.setListMode(ListBranchCommand.ListMode.ALL);
            }
            String full = repository.getFullBranch();
            List<Branch> branches = new ArrayList<>();
            List<Ref> refs = command.call();
            int cap = repositories.settings().maxStatusEntries();
            for (Ref ref : refs.subList(0, Math.min(cap, refs.size()))) {
                boolean remote = ref.getName().startsWith(Constants.R_REMOTES);
                String name = Repository.shortenRefName(ref.getName());
                String upstream = null;
                if (!remote) {
                    BranchTrackingStatus tracking = BranchTrackingStatus.of(repository, name);
                    upstream = tracking == null ? null : Repository.shortenRefName(tracking.getRemoteTrackingBranch());
                }
                ObjectId id = ref.getObjectId();
                branches.add(new Branch(name, id == null ? null : id.name(), upstream, ref.getName().equals(full), !remote && isProtected(name), remote));
            }
            return new ListResult(opened.name(), full != null && full.startsWith(Constants.R_HEADS) ? repository.getBranch() : null,
                    List.copyOf(branches), refs.size() > cap);
        });
    }

    public BranchResult create(CreateRequest request) {
        String name = Refs.checkBranchName("name", request.name());
        String base = request.base() == null ? Constants.HEAD : Refs.checkRevision("base", request.base());
        boolean checkout = Boolean.TRUE.equals(request.checkout());
        return repositories.write(request.repo(), opened -> {
            Repository repository = opened.repository();
            if (repository.exactRef(Constants.R_HEADS + name) != null) {
                throw new ToolFailure("Expected name '" + name + "' to be a new branch, but it exists");
            }
            if (checkout) {
                opened.worktree();
            }
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit start = Refs.resolveCommit(repository, walk, "base", base);
                Ref ref = opened.git().branchCreate().setName(name).setStartPoint(start).call();
                if (checkout) {
                    checkout(opened, name);
                }
                return new BranchResult(opened.name(), name, ref.getObjectId().name(), checkout);
            }
        });
    }

    public BranchResult checkout(CheckoutRequest request) {
        String name = Refs.checkBranchName("name", request.name());
        return repositories.write(request.repo(), opened -> {
            opened.worktree();
            Ref ref = opened.repository().exactRef(Constants.R_HEADS + name);
            if (ref == null) {
                throw new ToolFailure("Expected name '" + name + "' to be a local branch, but it does not exist (create it, with base set to a "
                        + "remote branch if needed)");
            }
            checkout(opened, name);
            return new BranchResult(opened.name(), name, ref.getObjectId().name(), true);
        });
    }

    private static void checkout(GitRepositories.Opened opened, String name) throws Exception {
        org.eclipse.jgit.api.CheckoutCommand command = opened.git().checkout().setName(name);
        try {
            command.call();
        } catch (CheckoutConflictException e) {
            List<String> conflicts = e.getConflictingPaths();
            throw new ToolFailure("Expected to switch to branch '" + name + "', but local changes to " + conflicts.size() + " file(s) would be "
                    + "overwritten: " + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
                    + (conflicts.size() > 20 ? ", ..." : "") + "; nothing was changed (commit or discard them first)");
        }
        CheckoutResult result = command.getResult();
        if (result != null && result.getStatus() == CheckoutResult.Status.NONDELETED) {
            throw new ToolFailure("Switched to branch '" + name + "', but some files could not be removed: " + result.getUndeletedList());
        }
    }

    public BranchResult delete(DeleteRequest request) {
        String name = Refs.checkBranchName("name", request.name());
        if (isProtected(name)) {
            throw new ToolFailure("Expected a branch that is not protected, but '" + name + "' is protected (GIT_PROTECTED_BRANCHES)");
        }
        return repositories.write(request.repo(), opened -> {
            Repository repository = opened.repository();
            Ref ref = repository.exactRef(Constants.R_HEADS + name);
            if (ref == null) {
                throw new ToolFailure("Expected name '" + name + "' to be an existing local branch, but it does not exist");
            }
            if ((Constants.R_HEADS + name).equals(repository.getFullBranch())) {
                throw new ToolFailure("Expected a branch other than the current one, but '" + name + "' is checked out (switch to another branch first)");
            }
            try {
                opened.git().branchDelete().setBranchNames(Constants.R_HEADS + name).setForce(Boolean.TRUE.equals(request.force())).call();
            } catch (NotMergedException e) {
                throw new ToolFailure("Expected branch '" + name + "' to be merged into HEAD, but it is not (set force to delete it anyway)");
            }
            return new BranchResult(opened.name(), name, ref.getObjectId().name(), false);
        });
    }

    boolean isProtected(String name) {
        return repositories.settings().protectedBranches().contains(name);
    }
}
