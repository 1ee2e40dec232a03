package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The name and version every record on a Zen topic carries in its {@code schema} field.
 *
 * <p>Readers accept any version of a name they know: versions evolve additively (new optional
 * fields only), so a reader of version 1 reads a version 2 record and ignores what it does not
 * know. A version is bumped only to break compatibility, and then the name's readers must be
 * upgraded first.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaId(String name, int version) {

    public static final SchemaId TOOL_COMMAND = new SchemaId("zen.tool-command", 1);
    public static final SchemaId TOOL_REPLY = new SchemaId("zen.tool-reply", 1);
    public static final SchemaId SERVICE_ANNOUNCEMENT = new SchemaId("zen.service-announcement", 1);
    public static final SchemaId AUDIT_EVENT = new SchemaId("zen.audit-event", 1);
    public static final SchemaId CALL_EVENT = new SchemaId("zen.call-event", 1);
    public static final SchemaId CLIENT_ANSWER = new SchemaId("zen.client-answer", 1);
    public static final SchemaId SERVICE_REQUEST = new SchemaId("zen.service-request", 1);
    public static final SchemaId SERVICE_RESPONSE = new SchemaId("zen.service-response", 1);
    public static final SchemaId SERVER_NOTICE = new SchemaId("zen.server-notice", 1);
    public static final SchemaId API_KEY = new SchemaId("zen.api-key", 1);
    public static final SchemaId ACCESS_GRANTS = new SchemaId("zen.access-grants", 1);
    public static final SchemaId JOB = new SchemaId("zen.job", 1);
    public static final SchemaId CALLBACK_DELIVERY = new SchemaId("zen.callback-delivery", 1);
    public static final SchemaId CALL_LEDGER_ENTRY = new SchemaId("zen.call-ledger-entry", 1);

    public SchemaId {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Expected a schema name, but it was blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("Expected a schema version >= 1, but was " + version);
        }
    }

    /** Whether a reader written for {@code this} can read a record that carries {@code other}. */
    public boolean readable(SchemaId other) {
        return other != null && name.equals(other.name);
    }
}
