package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.PARAMS;
import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;
import static dev.zen.worker.database.DatabaseFields.SQL;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code db_explain}: the plan of one statement on a SQL source, as the database's JSON plan
 * (PostgreSQL {@code EXPLAIN (FORMAT JSON)}, MariaDB {@code EXPLAIN FORMAT=JSON}) and as a text tree
 * ({@link PlanText}). With {@code analyze: true} the database runs the statement and reports actual
 * rows and times (PostgreSQL {@code ANALYZE, BUFFERS}; MariaDB's {@code ANALYZE FORMAT=JSON}); that is
 * allowed only for a SELECT, VALUES or TABLE statement. Every explain, analyzed or not, runs in a READ
 * ONLY transaction with the source's statement timeout that is rolled back, its parameters bound, one
 * statement only. PostgreSQL explains an INSERT, UPDATE or DELETE there without running it; MariaDB
 * refuses to explain a change inside a READ ONLY transaction, and the tool says so.
 */
final class DbExplainTool implements ToolHandler {

    static final String NAME = "db_explain";

    /** What {@code analyze} may run: statements that only read (a WITH may hold a data-changing part). */
    static final Set<String> ANALYZABLE = Set.of("SELECT", "VALUES", "TABLE");
    /** Statements that are plans or catalog lookups themselves: nothing to explain. */
    static final Set<String> NOT_EXPLAINABLE = Set.of("EXPLAIN", "ANALYZE", "DESCRIBE", "DESC", "SHOW");

    /** SQLSTATE of a write refused in a READ ONLY transaction (both PostgreSQL and MariaDB). */
    private static final String READ_ONLY_REFUSED = "25006";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static final Field<Boolean> ANALYZE = Field.bool("analyze", "Run the statement to report actual rows and times (only a SELECT, "
            + "VALUES or TABLE statement; it runs read-only and is rolled back)").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, SQL, PARAMS, ANALYZE);

    static final Field<String> KIND = Field.string("kind", "Whose plan format this is: postgresql or mariadb").required();
    static final Field<String> STATEMENT = Field.string("statement", "The statement's first keyword").required();
    static final Field<Boolean> ANALYZED = Field.bool("analyzed", "Whether the statement ran (actual rows and times are in the plan)")
            .required();
    static final Field<JsonNode> PLAN = Field.json("plan", "The plan as the database gives it in JSON: PostgreSQL an array of "
            + "{Plan, Planning Time, Execution Time}, MariaDB {query_block}; absent when larger than the source's max_bytes",
            JsonNodeFactory.instance.objectNode());
    static final Field<Boolean> TRUNCATED = Field.bool("truncated", "Whether the plan was larger than the source's max_bytes: then "
            + "plan is left out and the text holds its start").required();
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, KIND, STATEMENT, ANALYZED, PLAN, TRUNCATED);

    private final Sources sources;

    private DbExplainTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("Explain a statement")
                .description("Returns the plan of one SQL statement (sql, with params bound to ? placeholders) on a configured source: "
                        + "the database's JSON plan and a text tree. analyze: true runs the statement for actual rows and times, and "
                        + "is allowed only for SELECT, VALUES and TABLE. Always in a READ ONLY transaction that is rolled back, with "
                        + "the source's statement timeout: an INSERT, UPDATE or DELETE is explained without running (PostgreSQL; "
                        + "MariaDB refuses to explain a change in a read-only transaction).")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new DbExplainTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        JdbcSource source = sources.sql(args.get(SOURCE), call.principal(), NAME);
        SourceConfig config = source.config();
        String sql = args.get(SQL);
        boolean analyze = args.get(ANALYZE);
        String keyword = Statements.firstKeyword(sql);
        call.facts().put("source", source.id()).put("statement", keyword).put("analyze", analyze);
        Statements.requireOne(sql, config.kind());
        if (NOT_EXPLAINABLE.contains(keyword)) {
            throw new ToolFailure("Expected a statement to explain, but '" + keyword + "' is not one: give the statement alone (db_explain "
                    + "adds EXPLAIN). Nothing ran");
        }
        if (analyze && !ANALYZABLE.contains(keyword)) {
            throw new ToolFailure("Expected a SELECT for analyze: true, but the statement starts with '" + keyword + "' (analyze runs "
                    + "the statement, so only SELECT, VALUES and TABLE statements may be analyzed); nothing ran. Explain it without "
                    + "analyze for its plan");
        }
        String explain = prefix(config.kind(), analyze) + sql;
        String planJson = SqlRunner.readOnly(source, "explain", connection -> explain(connection, explain, args.get(PARAMS), config,
                keyword, analyze));
        JsonNode plan;
        try {
            plan = JSON.readTree(planJson);
        } catch (JacksonException e) {
            throw new IllegalStateException("Expected " + config.kind().wire() + " to give a JSON plan, but it gave " + Shown.clip(planJson),
                    e);
        }
        boolean tooLarge = planJson.length() > config.maxBytes();
        String text = "Plan of the " + keyword + " on " + source.id() + (analyze ? " (analyzed: it ran read-only and was rolled back)"
                : " (not run)") + "\n"
                + PlanText.render(config.kind(), plan);
        if (tooLarge) {
            text = text.substring(0, (int) Math.min(text.length(), config.maxBytes())) + "\n… (the plan has " + planJson.length()
                    + " characters, past the source's max_bytes " + config.maxBytes() + ": cut here, and left out of the answer)\n";
        }
        return OUTPUT.builder().put(SOURCE_OUT, source.id()).put(KIND, config.kind().wire()).put(STATEMENT, keyword)
                .put(ANALYZED, analyze).put(PLAN, tooLarge ? null : plan).put(TRUNCATED, tooLarge).result(text);
    }

    private static String prefix(SourceKind kind, boolean analyze) {
        if (kind == SourceKind.POSTGRESQL) {
            return analyze ? "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS) " : "EXPLAIN (FORMAT JSON) ";
        }
        return analyze ? "ANALYZE FORMAT=JSON " : "EXPLAIN FORMAT=JSON ";
    }

    /** Runs the EXPLAIN in the transaction {@link SqlRunner#readOnly} opened; answers the plan's JSON text. */
    private static String explain(Connection connection, String explain, JsonNode params, SourceConfig config, String keyword,
            boolean analyze) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            SqlRunner.bind(statement, params);
            SqlRunner.clientTimeout(statement, config);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("Expected " + config.kind().wire() + " to answer EXPLAIN with a plan, but it gave no row");
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            if (analyze && READ_ONLY_REFUSED.equals(e.getSQLState())) {
                throw new ToolFailure("Expected the analyzed " + keyword + " to only read, but it tried to write and " + config.kind().wire()
                        + " refused it (SQLSTATE 25006: " + e.getMessage().lines().findFirst().orElse("") + "); it ran in a READ ONLY "
                        + "transaction that was rolled back: nothing changed");
            }
            if (config.kind() == SourceKind.MARIADB && READ_ONLY_REFUSED.equals(e.getSQLState())) {
                throw new ToolFailure("Expected source '" + config.id() + "' to explain the " + keyword + ", but MariaDB refuses to "
                        + "explain a change inside a READ ONLY transaction (SQLSTATE 25006), and db_explain runs only in one: on MariaDB "
                        + "it explains queries. Nothing ran");
            }
            throw e;
        }
    }
}
