package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A long job (a REST job and an MCP task are the same object), as kept on the compacted jobs topic,
 * keyed by its id, which is also the call id of its command. The gateway writes it when it accepts
 * the job; the job tracker when progress or the reply arrives; the callback dispatcher after each
 * delivery attempt. Expired jobs ({@link #expiresAt}) are removed with a tombstone. The callback's
 * signing secret is kept sealed (AES-GCM under the gateway's key), never in clear.
 *
 * <p>{@code facts} (optional, since v1 additively) are the audit facts of the reply that ended the
 * job ({@link ToolReply#facts()}), kept so that the job's end event on the audit topic carries them in
 * its {@code detail}. They are not part of what clients see of a job.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(SchemaId schema, String id, String tool, Principal owner, JobStatus status, String statusMessage, Progress progress,
        CallToolResult result, ToolError error, Callback callback, List<Delivery> deliveries, String idempotencyKey,
        long createdAt, long updatedAt, Long completedAt, long deadline, long expiresAt, Timings timings, WorkerRef worker,
        List<InputRequest> inputRequests, JsonNode facts) {

    /**
     * A request the job's handler put to its client (an MCP task's {@code inputRequests}): the
     * handler's key for it, the id the answer must name, and the MCP request. One round has
     * {@code count} requests; the job shows {@code input_required} once the whole round is there.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputRequest(String key, String requestId, String method, tools.jackson.databind.JsonNode params, int count) {
    }

    /** The last progress a handler reported. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(double progress, Double total, String message) {
    }

    /** Where and how the outcome is delivered: the URL and the sealed secret (several, space-separated, during a key rotation). */
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
        inputRequests = inputRequests == null ? List.of() : List.copyOf(inputRequests);
        facts = facts == null || facts.isNull() ? null : facts;
        if (facts != null && !facts.isObject()) {
            throw new IllegalArgumentException("Expected 'facts' to be an object, but it was " + facts.getNodeType());
        }
    }

    /** A job without audit facts. */
    public Job(SchemaId schema, String id, String tool, Principal owner, JobStatus status, String statusMessage, Progress progress,
            CallToolResult result, ToolError error, Callback callback, List<Delivery> deliveries, String idempotencyKey,
            long createdAt, long updatedAt, Long completedAt, long deadline, long expiresAt, Timings timings, WorkerRef worker,
            List<InputRequest> inputRequests) {
        this(schema, id, tool, owner, status, statusMessage, progress, result, error, callback, deliveries, idempotencyKey, createdAt,
                updatedAt, completedAt, deadline, expiresAt, timings, worker, inputRequests, null);
    }

    /** A new job as accepted: {@code working}, nothing delivered yet. */
    public static Job accepted(String id, String tool, Principal owner, Callback callback, String idempotencyKey, long now, long deadline,
            long expiresAt) {
        return new Job(SchemaId.JOB, id, tool, owner, JobStatus.WORKING, null, null, null, null, callback, List.of(), idempotencyKey, now, now,
                null, deadline, expiresAt, null, null, List.of());
    }

    public boolean expired(long now) {
        return expiresAt > 0 && now >= expiresAt;
    }

    public Job withProgress(Progress next, long now) {
        return new Job(schema, id, tool, owner, status, statusMessage, next, result, error, callback, deliveries, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker, inputRequests, facts);
    }

    /** The job ended: its status, result or error, and where it ran. */
    public Job finished(JobStatus terminal, String message, CallToolResult finalResult, ToolError finalError, Timings ran, WorkerRef by,
            long now) {
        return finished(terminal, message, finalResult, finalError, ran, by, now, null);
    }

    /** The job ended, with the audit facts of the reply that ended it (null: none). */
    public Job finished(JobStatus terminal, String message, CallToolResult finalResult, ToolError finalError, Timings ran, WorkerRef by,
            long now, JsonNode auditFacts) {
        return new Job(schema, id, tool, owner, terminal, message, progress, finalResult, finalError, callback, deliveries,
                idempotencyKey, createdAt, now, now, deadline, expiresAt, ran, by, List.of(), auditFacts);
    }

    public Job withDelivery(Delivery attempt, long now) {
        List<Delivery> all = new ArrayList<>(deliveries);
        all.add(attempt);
        return new Job(schema, id, tool, owner, status, statusMessage, progress, result, error, callback, all, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker, inputRequests, facts);
    }

    /**
     * The handler asked its client something: the request joins the open ones, and once its whole
     * round is there the job is {@code input_required}.
     */
    public Job withInputRequest(InputRequest request, long now) {
        List<InputRequest> open = new ArrayList<>(inputRequests);
        open.removeIf(r -> r.key().equals(request.key()));
        open.add(request);
        JobStatus next = open.size() >= request.count() ? JobStatus.INPUT_REQUIRED : status;
        return new Job(schema, id, tool, owner, next, statusMessage, progress, result, error, callback, deliveries, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker, open, facts);
    }

    /** The client answered the requests of {@code keys}: they are no longer open; with none open the job is {@code working} again. */
    public Job withInputAnswered(java.util.Collection<String> keys, long now) {
        List<InputRequest> open = new ArrayList<>(inputRequests);
        open.removeIf(r -> keys.contains(r.key()));
        JobStatus next = status == JobStatus.INPUT_REQUIRED && open.isEmpty() ? JobStatus.WORKING : status;
        return new Job(schema, id, tool, owner, next, statusMessage, progress, result, error, callback, deliveries, idempotencyKey,
                createdAt, now, completedAt, deadline, expiresAt, timings, worker, open, facts);
    }
}
