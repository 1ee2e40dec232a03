package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.sql.SQLException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code db_connect} (the seed's name): checks a source. Connects and reports the server's version,
 * who the source logs in as, its access and caps, whether its sessions are read-only, and warnings
 * about a role too strong for a read-only source.
 */
final class DbConnectTool implements ToolHandler {

    static final String NAME = "db_connect";

    static final ObjectShape INPUT = ObjectShape.of(SOURCE);
    static final Field<String> KIND = Field.string("kind", "postgresql, mariadb or redis").required();
    static final Field<String> ACCESS = Field.string("access", "read-only, read-write or admin").required();
    static final Field<Boolean> CONNECTED = Field.bool("connected", "Whether a connection was made").required();
    static final Field<JsonNode> SERVER = Field.json("server", "What the server said: version, user, database, session read-only",
            JsonNodeFactory.instance.objectNode().put("type", "object")).required();
    static final Field<Long> MAX_ROWS = Field.count("max_rows", "Most rows one answer holds").required();
    static final Field<Long> MAX_BYTES = Field.count("max_bytes", "Most bytes of row data one answer holds").required();
    static final Field<Long> TIMEOUT = Field.count("statement_timeout_ms", "A statement's time limit on the server").required();
    static final Field<List<String>> WARNINGS = Field.strings("warnings", "What weakens the source's guard (a role too strong for "
            + "read-only)", 0, 20).required();
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, KIND, ACCESS, CONNECTED, SERVER, MAX_ROWS, MAX_BYTES, TIMEOUT, WARNINGS);

    private final Sources sources;

    private DbConnectTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("Check a database source")
                .description("Connects to a configured source and reports the server version, the user it logs in as, its access "
                        + "(read-only, read-write, admin), its caps and statement timeout, and warnings when its role is stronger than "
                        + "its access.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new DbConnectTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        Source source = sources.get(args.get(SOURCE), call.principal());
        SourceConfig config = source.config();
        ObjectNode server = JsonNodeFactory.instance.objectNode();
        List<String> warnings;
        if (source instanceof JdbcSource jdbc) {
            try {
                SourceCheck.Report report = SourceCheck.check(jdbc);
                report.facts().forEach(server::put);
                warnings = report.warnings();
            } catch (SQLException e) {
                throw SqlRunner.refused(e, config, "connection check");
            }
        } else {
            var commands = ((RedisSource) source).connection().sync();
            String info = commands.info("server");
            for (String line : info.lines().toList()) {
                if (line.startsWith("redis_version:")) {
                    server.put("server", "Redis " + line.substring("redis_version:".length()).strip());
                }
            }
            try {
                server.put("user", commands.aclWhoami());
            } catch (RuntimeException e) {
                server.put("user", "default");
            }
            warnings = List.of();
        }
        call.facts().put("source", source.id());
        StringBuilder text = new StringBuilder(source.id() + ": connected to " + server.path("server").asString("?") + " as "
                + server.path("user").asString("?") + "; " + config.access().wire() + ", max_rows " + config.maxRows() + ", timeout "
                + config.statementTimeout().toMillis() + " ms\n");
        warnings.forEach(w -> text.append("warning: ").append(w).append('\n'));
        return OUTPUT.builder().put(SOURCE_OUT, source.id()).put(KIND, config.kind().wire()).put(ACCESS, config.access().wire())
                .put(CONNECTED, true).put(SERVER, (JsonNode) server).put(MAX_ROWS, (long) config.maxRows())
                .put(MAX_BYTES, config.maxBytes()).put(TIMEOUT, config.statementTimeout().toMillis()).put(WARNINGS, warnings)
                .result(text.toString());
    }

}
