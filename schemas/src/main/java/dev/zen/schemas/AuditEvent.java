package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One step of a call's life on the audit topic, keyed by call id, so that every event of a call lands
 * on one partition in the order it was written. {@code type} is past tense and one of {@link #TYPES};
 * {@code eventId} is unique per event (a sink upserts on it, so a replayed event is no duplicate).
 *
 * <p>Written by the gateway ({@code accepted}, {@code denied}, {@code rate_limited} and the end of a
 * call or job), by the worker that took the command ({@code started}) and by the webhook dispatcher
 * ({@code callback_attempted}); {@code source} says which process. The principal is its subject,
 * roles and tenant, never a token. {@code arguments} are redacted by {@link ArgumentRedactor} per the
 * tool's input schema; results are never copied, only their size. {@code durationMs} is measured from
 * the call's acceptance to this event; {@code resultHash} ({@link #resultHash(CallToolResult)}) lets a
 * re-execution tell whether today's answer differs without the result being kept. Version 1 grew
 * additively from the first skeleton: every field after {@code at} is optional.
 *
 * <p>A synchronous call that ends within a second is one event: its end, carrying {@code acceptedAt},
 * {@code startedAt} and the redacted arguments ({@link #whole()}); an {@code accepted} event is written
 * only for a call still running after that (so a call that never ends still shows), and the worker
 * writes {@code started} only for jobs and for tools that are not idempotent (docs/audit.md).
 * Older events (accepted, started and end for every call) stay readable: readers take either shape.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        SchemaId schema,
        String eventId,
        String callId,
        String type,
        String tool,
        String subject,
        String source,
        String outcome,
        Long durationMs,
        JsonNode detail,
        long at,
        String jobId,
        String service,
        String instance,
        List<String> roles,
        String tenant,
        String mode,
        String errorCode,
        Integer argumentBytes,
        Integer resultBytes,
        JsonNode arguments,
        String resultHash,
        Long acceptedAt,
        Long startedAt) {

    public static final String ACCEPTED = "accepted";
    public static final String DENIED = "denied";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String STARTED = "started";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String TIMED_OUT = "timed_out";
    public static final String CALLBACK_ATTEMPTED = "callback_attempted";

    /** Every type a version 1 writer uses; a reader should keep (not refuse) a type it does not know. */
    public static final Set<String> TYPES = Set.of(ACCEPTED, DENIED, RATE_LIMITED, STARTED, COMPLETED, FAILED, CANCELLED, TIMED_OUT,
            CALLBACK_ATTEMPTED);

    public AuditEvent {
        schema = schema == null ? SchemaId.AUDIT_EVENT : schema;
        ToolCommand.require(eventId, "eventId");
        ToolCommand.require(type, "type");
        ToolCommand.require(source, "source");
        roles = roles == null ? null : List.copyOf(roles);
    }

    /** A new event of {@code type} at {@code at} with a fresh event id; fill the rest with the {@code with*} methods or the builder. */
    public static Builder builder(String type, String source, long at) {
        return new Builder(type, source, at);
    }

    /**
     * The order of one call's events: by time, and in the same millisecond by their place in a call's
     * life (accepted, started, the end, callback attempts). The events of a call share a partition, but
     * the gateway and the worker write them with separate producers, so the worker's {@code started}
     * can reach the topic before the gateway's {@code accepted}.
     */
    public static final java.util.Comparator<AuditEvent> CALL_ORDER = java.util.Comparator.comparingLong(AuditEvent::at)
            .thenComparingInt(AuditEvent::lifecycleRank);

    /** Where this event's type sits in a call's life: 0 accepted or refused, 1 started, 2 ended, 3 callback attempts, 4 unknown types. */
    public int lifecycleRank() {
        return switch (type) {
            case ACCEPTED, DENIED, RATE_LIMITED -> 0;
            case STARTED -> 1;
            case COMPLETED, FAILED, CANCELLED, TIMED_OUT -> 2;
            case CALLBACK_ATTEMPTED -> 3;
            default -> 4;
        };
    }

    /**
     * Whether this event is a whole call: an end that carries its acceptance ({@code acceptedAt}), written
     * instead of a separate {@code accepted} event, so that it counts as the call's acceptance too. An
     * end that follows an {@code accepted} event of its call never carries {@code acceptedAt}.
     */
    public boolean whole() {
        return acceptedAt != null && lifecycleRank() == 2;
    }

    /** Whether this event ends its call (or job) for the caller. */
    public boolean terminal() {
        return COMPLETED.equals(type) || FAILED.equals(type) || CANCELLED.equals(type) || TIMED_OUT.equals(type) || DENIED.equals(type)
                || RATE_LIMITED.equals(type);
    }

    /** {@code sha256:<hex>} of the result as the codec encodes it; equal results have equal hashes. Null for no result. */
    public static String resultHash(CallToolResult result) {
        return result == null ? null : resultHash(RecordCodec.shared().encode(result));
    }

    /** {@link #resultHash(CallToolResult)} of a result already encoded by the codec. */
    public static String resultHash(byte[] encodedResult) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(encodedResult);
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Expected SHA-256 in every JDK, but it is missing", e);
        }
    }

    /**
     * A random (version 4) UUID for an event id from {@link java.util.concurrent.ThreadLocalRandom}: it only
     * needs to be unique, and {@code UUID.randomUUID()} queues every writer on one SecureRandom lock.
     */
    static String randomId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }

    /** Builds an {@link AuditEvent}; not thread safe. */
    public static final class Builder {
        private final String type;
        private final String source;
        private final long at;
        private String eventId = randomId();
        private String callId;
        private String jobId;
        private String tool;
        private String service;
        private String instance;
        private Principal principal;
        private String mode;
        private String outcome;
        private String errorCode;
        private Long durationMs;
        private Integer argumentBytes;
        private Integer resultBytes;
        private JsonNode arguments;
        private JsonNode detail;
        private String resultHash;
        private Long acceptedAt;
        private Long startedAt;

        private Builder(String type, String source, long at) {
            this.type = type;
            this.source = source;
            this.at = at;
        }

        public Builder eventId(String value) {
            eventId = value;
            return this;
        }

        public Builder callId(String value) {
            callId = value;
            return this;
        }

        public Builder jobId(String value) {
            jobId = value;
            return this;
        }

        public Builder tool(String value) {
            tool = value;
            return this;
        }

        public Builder service(String value) {
            service = value;
            return this;
        }

        public Builder instance(String value) {
            instance = value;
            return this;
        }

        public Builder principal(Principal value) {
            principal = value;
            return this;
        }

        public Builder mode(CallMode value) {
            mode = value == null ? null : value.wire();
            return this;
        }

        public Builder outcome(String value) {
            outcome = value;
            return this;
        }

        public Builder errorCode(String value) {
            errorCode = value;
            return this;
        }

        public Builder durationMs(Long value) {
            durationMs = value == null ? null : Math.max(0, value);
            return this;
        }

        public Builder argumentBytes(Integer value) {
            argumentBytes = value;
            return this;
        }

        public Builder resultBytes(Integer value) {
            resultBytes = value;
            return this;
        }

        public Builder arguments(JsonNode value) {
            arguments = value;
            return this;
        }

        public Builder detail(JsonNode value) {
            detail = value;
            return this;
        }

        public Builder resultHash(String value) {
            resultHash = value;
            return this;
        }

        public Builder acceptedAt(Long value) {
            acceptedAt = value;
            return this;
        }

        public Builder startedAt(Long value) {
            startedAt = value;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(SchemaId.AUDIT_EVENT, eventId, callId, type, tool, principal == null ? null : principal.subject(), source,
                    outcome, durationMs, detail, at, jobId, service, instance, principal == null ? null : principal.roles(),
                    principal == null ? null : principal.tenant(), mode, errorCode, argumentBytes, resultBytes, arguments, resultHash,
                    acceptedAt, startedAt);
        }
    }
}
