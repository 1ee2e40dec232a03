package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * A long job (a REST job and an MCP task are the same object), as kept on the compacted jobs topic,
 * keyed by its id, which is also the call id of its command. The gateway writes it when it accepts
 * the job; the job tracker when progress or the reply arrives; the callback dispatcher after each
 * delivery attempt. Expired jobs ({@link #expiresAt}) are removed with a tombstone. The callback's
 * signing secret is kept sealed (AES-GCM under the gateway's key), never in clear.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(SchemaId schema, String id, String tool, Principal owner, JobStatus status, String statusMessage, Progress progress,
        CallToolResult result, ToolError error, Callback callback, List<Delivery> deliveries, String idempotencyKey,
        long createdAt, long updatedAt, Long completedAt, long deadline, long expiresAt, Timings timings, WorkerRef worker) {

    /** The last progress a handler reported. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(double progress, Double total, String message) {
    }

    /** Where and how the outcome is delivered: the URL and the sealed secret. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Callback(String url, String sealedSecret) {
    }

    /** One callback delivery attempt: when, what came back, and what happens next. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivery(int attempt, long at, Integer httpStatus, String error, long durationMs, String outcome) {
    }

    public Job {
        schema = schema == null ? SchemaId.JOB : schema;
        ToolCommand.require(id, "id");
        ToolCommand.require(tool, "tool");
        owner = owner == null ? Principal.ANONYMOUS : owner;
        status = status == null ? JobStatus.WORKING : status;
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    public boolean expired(long now) {
        return expiresAt > 0 && now >= expiresAt;
    }

    public Job withProgress(Progress next, long now) {
        return new Job(schema, id, tool, owner, status, statusMessage, next, result, error, callback, deliveries, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker);
    }

    /** The job ended: its status, result or error, and where it ran. */
    public Job finished(JobStatus terminal, String message, CallToolResult finalResult, ToolError finalError, Timings ran, WorkerRef by,
            long now) {
        return new Job(schema, id, tool, owner, terminal, message, progress, finalResult, finalError, callback, deliveries,
                idempotencyKey, createdAt, now, now, deadline, expiresAt, ran, by);
    }

    public Job withDelivery(Delivery attempt, long now) {
        List<Delivery> all = new ArrayList<>(deliveries);
        all.add(attempt);
        return new Job(schema, id, tool, owner, status, statusMessage, progress, result, error, callback, all, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker);
    }
}
