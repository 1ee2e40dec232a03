package dev.zen.worker.database;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The text block of a {@code db_explain} answer: a JSON plan rendered as an indented tree, one line per
 * step. A PostgreSQL plan reads as {@code EXPLAIN}'s own text format does (node, relation, costs, rows,
 * actual time and rows when analyzed, conditions); a MariaDB plan as one line per query block and per
 * table (access type, key, estimated and actual rows, condition). The structured plan holds everything;
 * this keeps what a reader scans first. Stateless.
 */
final class PlanText {

    /** PostgreSQL's condition fields, in the order its text format shows them. */
    private static final List<String> CONDITIONS = List.of("Hash Cond", "Merge Cond", "Index Cond", "Recheck Cond", "Join Filter",
            "Filter", "Sort Key", "Group Key");
    private static final List<String> REMOVED = List.of("Rows Removed by Join Filter", "Rows Removed by Filter");

    /** MariaDB's steps around the tables, shown as a line with what they hold one level deeper. */
    private static final Map<String, String> MARIADB_STEPS = Map.of("filesort", "sort", "temporary_table", "temporary table",
            "materialized", "materialized subquery", "union_result", "union", "duplicates_removal", "duplicates removal",
            "having_condition", "having");

    private PlanText() {
    }

    static String render(SourceKind kind, JsonNode plan) {
        StringBuilder text = new StringBuilder();
        if (kind == SourceKind.POSTGRESQL) {
            for (JsonNode statement : plan) {
                postgres(text, statement.path("Plan"), 0);
                time(text, statement, "Planning Time");
                time(text, statement, "Execution Time");
            }
        } else {
            mariaDb(text, plan, 0);
        }
        return text.toString();
    }

    private static void postgres(StringBuilder text, JsonNode node, int depth) {
        if (!node.isObject()) {
            return;
        }
        String indent = "  ".repeat(Math.max(0, depth * 3 - 2));
        String type = node.path("Node Type").asString("?");
        if (type.equals("ModifyTable")) {
            type = node.path("Operation").asString(type);
        }
        text.append(indent).append(depth == 0 ? "" : "->  ").append(type);
        if (node.has("Index Name")) {
            text.append(" using ").append(node.get("Index Name").asString());
        }
        if (node.has("Relation Name")) {
            String relation = node.get("Relation Name").asString();
            String alias = node.path("Alias").asString(relation);
            text.append(" on ").append(relation).append(alias.equals(relation) ? "" : " " + alias);
        }
        text.append("  (cost=").append(fixed(node, "Startup Cost", 2)).append("..").append(fixed(node, "Total Cost", 2)).append(" rows=")
                .append(number(node, "Plan Rows")).append(" width=").append(number(node, "Plan Width")).append(')');
        if (node.has("Actual Loops")) {
            if (node.get("Actual Loops").asLong() == 0) {
                text.append(" (never executed)");
            } else {
                text.append(" (actual time=").append(fixed(node, "Actual Startup Time", 3)).append("..")
                        .append(fixed(node, "Actual Total Time", 3)).append(" rows=").append(number(node, "Actual Rows"))
                        .append(" loops=").append(number(node, "Actual Loops")).append(')');
            }
        }
        text.append('\n');
        String detail = "  ".repeat(depth * 3 + 1);
        for (String condition : CONDITIONS) {
            if (node.has(condition)) {
                JsonNode value = node.get(condition);
                text.append(detail).append(condition).append(": ").append(value.isArray() ? join(value) : value.asString()).append('\n');
            }
        }
        for (String removed : REMOVED) {
            if (node.has(removed)) {
                text.append(detail).append(removed).append(": ").append(number(node, removed)).append('\n');
            }
        }
        for (JsonNode child : node.path("Plans")) {
            postgres(text, child, depth + 1);
        }
    }

    private static void time(StringBuilder text, JsonNode statement, String field) {
        if (statement.has(field)) {
            text.append(field).append(": ").append(fixed(statement, field, 3)).append(" ms\n");
        }
    }

    /** A query block and the tables under it, and the blocks nested in it (subqueries, unions), one level deeper. */
    private static void mariaDb(StringBuilder text, JsonNode node, int depth) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                mariaDb(text, item, depth);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String indent = "  ".repeat(depth);
        if (node.has("select_id")) {
            text.append(indent).append("select #").append(number(node, "select_id"));
            if (node.has("r_total_time_ms")) {
                text.append(" (actual time=").append(number(node, "r_total_time_ms")).append(" ms)");
            }
            text.append('\n');
            depth++;
            indent = "  ".repeat(depth);
        }
        if (node.has("table_name")) {
            text.append(indent).append("table ").append(node.get("table_name").asString()).append(": ")
                    .append(node.path("access_type").asString("?"));
            if (node.has("key")) {
                text.append(" using ").append(node.get("key").asString());
            }
            if (node.has("rows")) {
                text.append(", rows ").append(number(node, "rows"));
            }
            if (node.has("r_rows")) {
                text.append(" (actual ").append(number(node, "r_rows")).append(')');
            }
            if (node.has("filtered")) {
                text.append(", filtered ").append(number(node, "filtered")).append('%');
            }
            text.append('\n');
            if (node.has("attached_condition")) {
                text.append(indent).append("  condition: ").append(node.get("attached_condition").asString()).append('\n');
            }
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (!value.isContainer()) {
                continue;
            }
            String step = MARIADB_STEPS.get(field.getKey());
            if (step != null) {
                text.append(indent).append(step);
                if (value.has("sort_key")) {
                    text.append(" by ").append(value.get("sort_key").asString());
                }
                text.append('\n');
                mariaDb(text, value, depth + 1);
            } else {
                mariaDb(text, value, depth);
            }
        }
    }

    /** A number as it is, a fraction at most 3 places (MariaDB gives times and averages to 9). */
    private static String number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isFloatingPointNumber()) {
            return new java.math.BigDecimal(value.doubleValue()).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                    .toPlainString();
        }
        return value.isNumber() ? value.numberValue().toString() : value.asString("?");
    }

    /** A number with {@code decimals} places, as PostgreSQL's text format writes costs (2) and times (3). */
    private static String fixed(JsonNode node, String field, int decimals) {
        JsonNode value = node.path(field);
        return value.isNumber() ? String.format(Locale.ROOT, "%." + decimals + "f", value.doubleValue()) : "?";
    }

    private static String join(JsonNode array) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : array) {
            joined.append(joined.isEmpty() ? "" : ", ").append(item.asString());
        }
        return joined.toString();
    }
}
