package dev.zen.gateway.core;

import dev.zen.schemas.Job;

/** Where an ended job's first callback delivery is queued (the callbacks topic). */
public interface CallbackQueue {

    /**
     * Queues the callback of a job that ended (it must have a callback): the body is the job as its
     * owner sees it, typed {@code job.completed|failed|cancelled}. Returns once the queue has it.
     */
    void queue(Job ended);
}
