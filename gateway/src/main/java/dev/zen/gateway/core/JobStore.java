package dev.zen.gateway.core;

import dev.zen.schemas.Job;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where jobs are kept (the compacted jobs topic): durable, readable from every gateway replica. */
public interface JobStore {

    /** Stores a job's newest state; completes once it is durable. */
    CompletableFuture<Void> save(Job job);

    /** The newest state of a job this replica has seen; expired jobs are gone. */
    Optional<Job> find(String id);

    /** Every live job this replica has seen. */
    Collection<Job> all();

    /**
     * Calls {@code listener} with a job's previous state (null when new) and its new one whenever
     * this replica keeps a newer state of it (on a store thread; it must not block).
     */
    void onChange(java.util.function.BiConsumer<Job, Job> listener);

    /** Completes with the job once this replica sees it ended (completed, failed or cancelled). */
    CompletableFuture<Job> ended(String id);
}
