package dev.zen.gateway.core;

import dev.zen.schemas.Job;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link JobStore} that audits what changes in a job as it is saved: the job ending (from the job
 * tracker, a cancel or the deadline sweep) and each new callback delivery attempt. Whoever saves a
 * job thus audits it, without knowing of the audit. Thread safe as its delegate is.
 */
public final class AuditedJobStore implements JobStore {

    private final JobStore delegate;
    private final CallAudit audit;

    public AuditedJobStore(JobStore delegate, CallAudit audit) {
        this.delegate = delegate;
        this.audit = audit;
    }

    @Override
    public CompletableFuture<Void> save(Job job) {
        Job before = delegate.find(job.id()).orElse(null);
        CompletableFuture<Void> saved = delegate.save(job);
        if (job.status().terminal() && (before == null || !before.status().terminal())) {
            audit.jobEnded(job);
        }
        int seen = before == null ? 0 : before.deliveries().size();
        for (int i = seen; i < job.deliveries().size(); i++) {
            audit.callbackAttempted(job, job.deliveries().get(i));
        }
        return saved;
    }

    @Override
    public Optional<Job> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Collection<Job> all() {
        return delegate.all();
    }

    @Override
    public void onChange(java.util.function.BiConsumer<Job, Job> listener) {
        delegate.onChange(listener);
    }

    @Override
    public CompletableFuture<Job> ended(String id) {
        return delegate.ended(id);
    }
}
