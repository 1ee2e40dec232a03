package dev.zen.gateway.core;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.ToolError;
import dev.zen.schemas.ToolReply;

/**
 * What a call's events and ending do to its job, in one place for the two ways a job runs: an async
 * command (the job tracker reads its events and reply from the results topic) and a synchronous call
 * turned into a task (this gateway hears them on the bus). A job that ends with a result keeps the
 * reply's audit facts, for its end event on the audit topic.
 */
public final class JobEvents {

    private JobEvents() {
    }

    /** The job after one of its handler's events: progress, or a request to the client (input). Others change nothing. */
    public static Job apply(Job job, CallEvent event, long now) {
        if (job.status().terminal()) {
            return job;
        }
        if (event.kind() == CallEvent.Kind.NOTIFICATION && "notifications/progress".equals(event.method())) {
            var params = event.params();
            return job.withProgress(new Job.Progress(params.path("progress").asDouble(0),
                    params.has("total") ? params.path("total").asDouble() : null,
                    params.has("message") ? params.path("message").asString() : null), now);
        }
        if (event.kind() == CallEvent.Kind.REQUEST) {
            return job.withInputRequest(new Job.InputRequest(event.inputKey(), event.requestId(), event.method(), event.params(),
                    event.inputCount()), now);
        }
        return job;
    }

    /** The job ended with its worker's reply (an async command). */
    public static Job finished(Job job, ToolReply reply, long now) {
        return switch (reply.outcome()) {
            case OK, TOOL_ERROR -> job.finished(JobStatus.COMPLETED, null, reply.result(), null, reply.timings(), reply.worker(), now,
                    reply.facts());
            case CANCELLED -> job.finished(JobStatus.CANCELLED, "The job was cancelled", null, reply.error(), reply.timings(),
                    reply.worker(), now);
            case TIMEOUT, FAILED, REJECTED -> job.finished(JobStatus.FAILED, reply.error() == null ? null : reply.error().message(), null,
                    reply.error(), reply.timings(), reply.worker(), now);
        };
    }

    /** The job ended with the result of a synchronous call that had been turned into a task. */
    public static Job finished(Job job, CallResult result, long now) {
        return switch (result.status()) {
            case OK -> job.finished(JobStatus.COMPLETED, null, result.result(), null, null, null, now, result.facts());
            case CANCELLED -> job.finished(JobStatus.CANCELLED, "The job was cancelled", null, null, null, null, now);
            case TIMEOUT, FAILED, UNAVAILABLE -> {
                ToolError error = result.failure() != null ? result.failure() : new ToolError(
                        result.status() == CallResult.Status.TIMEOUT ? ErrorCode.DEADLINE_EXCEEDED.wire() : ErrorCode.HANDLER_CRASHED.wire(),
                        firstText(result), null);
                yield job.finished(JobStatus.FAILED, error.message(), null, error, null, null, now);
            }
        };
    }

    private static String firstText(CallResult result) {
        return result.result() == null || result.result().content() == null || result.result().content().isEmpty()
                ? "The call failed" : result.result().content().get(0).path("text").asString("The call failed");
    }
}
