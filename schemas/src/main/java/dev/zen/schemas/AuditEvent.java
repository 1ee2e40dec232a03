package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * One step of a call's life on the audit topic, keyed by call id: {@code type} is past tense
 * ({@code accepted}, {@code denied}, {@code started}, {@code completed}, {@code failed},
 * {@code cancelled}, {@code timed_out}, {@code callback_attempted}). {@code detail} never holds a
 * token or secret; arguments in it are redacted per tool policy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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
        long at) {

    public AuditEvent {
        schema = schema == null ? SchemaId.AUDIT_EVENT : schema;
        ToolCommand.require(eventId, "eventId");
        ToolCommand.require(type, "type");
        ToolCommand.require(source, "source");
    }
}
