package dev.zen.schemas;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The few top-level fields of an encoded {@link AuditEvent} that filters and aggregates need (type,
 * call and job id, tool, subject, outcome, duration, time), read with a streaming parser that skips
 * everything else ({@code arguments}, {@code detail}, {@code roles}) without building it. About
 * twice as fast as decoding the event whole; decode whole only the events that match. Immutable.
 */
public record AuditEventFields(String type, String callId, String jobId, String tool, String subject, String outcome, Long durationMs,
        long at, Long acceptedAt) {

    /** Fields of an event that is not a whole call (no {@code acceptedAt}). */
    public AuditEventFields(String type, String callId, String jobId, String tool, String subject, String outcome, Long durationMs,
            long at) {
        this(type, callId, jobId, tool, subject, outcome, durationMs, at, null);
    }

    /** Whether the event is a whole call, standing for its acceptance too ({@link AuditEvent#whole()}). */
    public boolean whole() {
        return acceptedAt != null && ended();
    }

    /** Whether this event ends its call for the caller with a result or error (completed, failed, cancelled, timed out). */
    public boolean ended() {
        return AuditEvent.COMPLETED.equals(type) || AuditEvent.FAILED.equals(type) || AuditEvent.CANCELLED.equals(type)
                || AuditEvent.TIMED_OUT.equals(type);
    }

    /** Whether this event is an ended call that counts as an error (failed, timed out). */
    public boolean error() {
        return AuditEvent.FAILED.equals(type) || AuditEvent.TIMED_OUT.equals(type);
    }

    /** Whether the call was refused before it ran (denied, rate limited). */
    public boolean refused() {
        return AuditEvent.DENIED.equals(type) || AuditEvent.RATE_LIMITED.equals(type);
    }

    /**
     * Reads the fields from an encoded audit event.
     *
     * @throws RecordDecodingException when the bytes are not a JSON object or lack {@code type}
     */
    public static AuditEventFields read(byte[] json) {
        String type = null;
        String callId = null;
        String jobId = null;
        String tool = null;
        String subject = null;
        String outcome = null;
        Long durationMs = null;
        Long acceptedAt = null;
        long at = 0;
        try (JsonParser parser = RecordCodec.shared().mapper().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordDecodingException("Expected an AuditEvent object, but the record does not start with '{'", null);
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "type" -> type = parser.getString();
                    case "callId" -> callId = parser.getString();
                    case "jobId" -> jobId = parser.getString();
                    case "tool" -> tool = parser.getString();
                    case "subject" -> subject = parser.getString();
                    case "outcome" -> outcome = parser.getString();
                    case "durationMs" -> durationMs = parser.getLongValue();
                    case "at" -> at = parser.getLongValue();
                    case "acceptedAt" -> acceptedAt = parser.getLongValue();
                    default -> {
                        // a field these readers do not need: its scalar value is skipped by the next nextName()
                    }
                }
            }
        } catch (JacksonException e) {
            throw new RecordDecodingException("Expected an AuditEvent, but " + e.getOriginalMessage(), e);
        }
        if (type == null) {
            throw new RecordDecodingException("Expected an AuditEvent with a type, but the record has none", null);
        }
        return new AuditEventFields(type, callId, jobId, tool, subject, outcome, durationMs, at, acceptedAt);
    }
}
