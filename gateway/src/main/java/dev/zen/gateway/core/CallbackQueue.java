package dev.zen.gateway.core;

import dev.zen.schemas.Job;

/** Where an ended job's first callback delivery is queued (the callbacks topic). */
public interface CallbackQueue {

    /**
     * Queues the callback of a job that ended (it must have a callback): the body is the job as its
     * owner sees it, typed {@code job.completed|failed|cancelled}. Returns once the queue has it.
     */
    void queue(Job ended);

    /** {@link #queue} without waiting: the future completes once the queue has it (or fails). */
    default java.util.concurrent.CompletableFuture<Void> queueAsync(Job ended) {
        try {
            queue(ended);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }
}
