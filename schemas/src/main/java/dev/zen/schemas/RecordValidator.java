package dev.zen.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates record JSON against the module's draft 2020-12 schemas ({@code zen/schemas/*.schema.json})
 * and validates arbitrary JSON against a schema given as JSON (tool input schemas). Used by the
 * gateway before it writes and by workers after they read. Thread safe; compiled schemas are cached.
 */
public final class RecordValidator {

    private static final Map<String, String> SCHEMA_FILES = Map.ofEntries(
            Map.entry(SchemaId.TOOL_COMMAND.name(), "tool-command"),
            Map.entry(SchemaId.TOOL_REPLY.name(), "tool-reply"),
            Map.entry(SchemaId.SERVICE_ANNOUNCEMENT.name(), "service-announcement"),
            Map.entry(SchemaId.AUDIT_EVENT.name(), "audit-event"),
            Map.entry(SchemaId.CALL_EVENT.name(), "call-event"),
            Map.entry(SchemaId.CLIENT_ANSWER.name(), "client-answer"),
            Map.entry(SchemaId.SERVICE_REQUEST.name(), "service-request"),
            Map.entry(SchemaId.SERVICE_RESPONSE.name(), "service-response"),
            Map.entry(SchemaId.SERVER_NOTICE.name(), "server-notice"),
            Map.entry(SchemaId.API_KEY.name(), "api-key"),
            Map.entry(SchemaId.ACCESS_GRANTS.name(), "access-grants"),
            Map.entry(SchemaId.JOB.name(), "job"),
            Map.entry(SchemaId.CALLBACK_DELIVERY.name(), "callback-delivery"),
            Map.entry(SchemaId.CALL_LEDGER_ENTRY.name(), "call-ledger-entry"));

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> recordSchemas = new ConcurrentHashMap<>();
    private final Map<JsonNode, Schema> adHocSchemas = new ConcurrentHashMap<>();
    private final RecordCodec codec;

    public RecordValidator(RecordCodec codec) {
        this.codec = codec;
    }

    /** Problems of a record's JSON against the schema its {@code schema.name} names; empty when valid. */
    public List<Violation> validateRecord(JsonNode record) {
        JsonNode name = record.path("schema").path("name");
        String file = SCHEMA_FILES.get(name.asString(""));
        if (file == null) {
            return List.of(new Violation("/schema/name", "Expected a known schema name " + SCHEMA_FILES.keySet()
                    + ", but was '" + name.asString("") + "'"));
        }
        Schema schema = recordSchemas.computeIfAbsent(file, this::load);
        return toViolations(schema.validate(record));
    }

    /** Problems of {@code instance} against {@code schema} (a JSON Schema document); empty when valid. */
    public List<Violation> validate(JsonNode schema, JsonNode instance) {
        Schema compiled = adHocSchemas.computeIfAbsent(schema, registry::getSchema);
        return toViolations(compiled.validate(instance));
    }

    /** Compiles a schema once, for validating many instances (a tool's inputSchema on every call). */
    public CompiledSchema compile(JsonNode schema) {
        Schema compiled = registry.getSchema(schema);
        return instance -> toViolations(compiled.validate(instance));
    }

    /** A compiled JSON Schema; thread safe. */
    @FunctionalInterface
    public interface CompiledSchema {

        /** Problems of {@code instance}; empty when valid. */
        List<Violation> validate(JsonNode instance);
    }

    /** The JSON Schema document of a record kind, e.g. {@code tool-command}. */
    public JsonNode schemaDocument(String file) {
        try (InputStream in = resource(file)) {
            return codec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schema load(String file) {
        return registry.getSchema(schemaDocument(file));
    }

    private static InputStream resource(String file) {
        InputStream in = RecordValidator.class.getResourceAsStream("/zen/schemas/" + file + ".schema.json");
        if (in == null) {
            throw new IllegalStateException("Expected schema resource " + file + ".schema.json on the classpath");
        }
        return in;
    }

    private static List<Violation> toViolations(List<Error> errors) {
        return errors.stream()
                .map(e -> new Violation(pointer(e), e.getMessage()))
                .toList();
    }

    private static String pointer(Error error) {
        String path = error.getInstanceLocation().toString();
        // the library renders locations as "$.a.b" or "/a/b" depending on configuration: normalise to a JSON pointer
        if (path.startsWith("$")) {
            path = path.substring(1).replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
        }
        if (error.getProperty() != null && "required".equals(error.getKeyword())) {
            path = path + "/" + error.getProperty();
        }
        return path.isEmpty() ? "/" : path;
    }

    /** One failed constraint: a JSON pointer into the instance and a message naming it. */
    public record Violation(String pointer, String message) {
    }
}
