package dev.zen.worker.database;

import dev.zen.worker.runtime.tool.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog query under construction: its SQL is assembled only from the fixed fragments of
 * {@link PostgresCatalog} and {@link MariaDbCatalog}, and every value that came from a caller (a name,
 * a pattern, the page) is a bound parameter added beside its placeholder. Not thread-safe; one per
 * search.
 */
final class CatalogQuery {

    private final List<String> columns = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final List<String> params = new ArrayList<>();
    private final String quote;
    private String from;
    private String groupBy;
    private String orderBy;

    /** @param quote how the dialect quotes an alias: {@code "} (PostgreSQL) or a backtick (MariaDB) */
    CatalogQuery(String quote) {
        this.quote = quote;
    }

    /** Selects {@code expression} as the output field {@code field} (the alias is the field's name). */
    CatalogQuery select(String expression, Field<?> field) {
        columns.add(expression + " AS " + quote + field.name() + quote);
        return this;
    }

    CatalogQuery from(String from) {
        this.from = from;
        return this;
    }

    /** Adds a condition; its {@code ?} placeholders take {@code values}, in order. */
    CatalogQuery where(String condition, String... values) {
        conditions.add(condition);
        params.addAll(List.of(values));
        return this;
    }

    CatalogQuery groupBy(String groupBy) {
        this.groupBy = groupBy;
        return this;
    }

    CatalogQuery orderBy(String orderBy) {
        this.orderBy = orderBy;
        return this;
    }

    String sql() {
        return "SELECT " + String.join(", ", columns) + " FROM " + from
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + (groupBy == null ? "" : " GROUP BY " + groupBy) + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?";
    }

    /**
     * The statement with its parameters bound; it asks for one object past {@code limit}, which says
     * whether more match.
     */
    PreparedStatement prepare(Connection connection, int limit, int offset) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql());
        int index = 1;
        for (String param : params) {
            statement.setString(index++, param);
        }
        statement.setInt(index++, limit + 1);
        statement.setInt(index, offset);
        return statement;
    }
}
