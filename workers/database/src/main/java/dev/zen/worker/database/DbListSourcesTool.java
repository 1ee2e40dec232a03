package dev.zen.worker.database;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code db_list_sources}: the sources the caller may use, with kind, access and caps; never where they are or who logs in. */
final class DbListSourcesTool implements ToolHandler {

    static final String NAME = "db_list_sources";

    static final Field<String> ID = Field.string("id", "The source's id: what the other tools take as source").required();
    static final Field<String> KIND = Field.string("kind", "postgresql, mariadb or redis").required();
    static final Field<String> ACCESS = Field.string("access", "read-only, read-write or admin").required();
    static final Field<Long> MAX_ROWS = Field.count("max_rows", "Most rows one answer holds").required();
    static final Field<Long> TIMEOUT = Field.count("statement_timeout_ms", "A statement's time limit on the server").required();
    static final ObjectShape SOURCE = ObjectShape.of(ID, KIND, ACCESS, MAX_ROWS, TIMEOUT).describedAs("A source");
    static final Field<List<ObjectNode>> SOURCES = Field.objects("sources", "The sources you may use", SOURCE).required();
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCES);

    private final Sources sources;

    private DbListSourcesTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("List database sources")
                .description("Lists the database sources you may use: id (the source argument of the other db_ tools), kind "
                        + "(postgresql, mariadb, redis), access (read-only, read-write, admin), max_rows and the statement timeout.")
                .input(ObjectShape.of()).output(OUTPUT).readOnly()
                .handler(new DbListSourcesTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        ObjectShape.of().bind(call);
        List<Source> usable = sources.usableBy(call.principal());
        StringBuilder text = new StringBuilder(usable.isEmpty() ? "(no sources you may use)\n" : "");
        List<ObjectNode> listed = usable.stream().map(s -> {
            SourceConfig c = s.config();
            text.append(c.id()).append(": ").append(c.kind().wire()).append(", ").append(c.access().wire()).append(", max_rows ")
                    .append(c.maxRows()).append(", timeout ").append(c.statementTimeout().toMillis()).append(" ms\n");
            return SOURCE.builder().put(ID, c.id()).put(KIND, c.kind().wire()).put(ACCESS, c.access().wire())
                    .put(MAX_ROWS, (long) c.maxRows()).put(TIMEOUT, c.statementTimeout().toMillis()).build();
        }).toList();
        return OUTPUT.builder().put(SOURCES, listed).result(text.toString());
    }
}
