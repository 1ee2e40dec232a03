package dev.zen.worker.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MemoryFilter} as an SQL condition on the memories table: fixed SQL text with a placeholder for
 * every value (namespace, tags as {@code text[]}, times), so nothing a caller gives is ever spliced in.
 */
final class PgWhere {

    /** One bound value: its SQL placeholder's position is its index in the list. */
    private interface Value {
        void bind(Connection connection, PreparedStatement statement, int index) throws SQLException;
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Value> values = new ArrayList<>();

    private PgWhere() {
    }

    static PgWhere of(MemoryFilter filter) {
        PgWhere where = new PgWhere();
        where.sql.append("namespace = ?");
        where.values.add((c, s, i) -> s.setString(i, filter.namespace()));
        if (!filter.tags().isEmpty()) {
            // && is "shares any element", @> "contains all": both use the GIN index on tags
            where.sql.append(filter.tagMatch() == MemoryFilter.TagMatch.ALL ? " AND tags @> ?" : " AND tags && ?");
            Object[] tags = filter.tags().toArray();
            where.values.add((c, s, i) -> s.setArray(i, c.createArrayOf("text", tags)));
        }
        if (filter.after() != null) {
            where.sql.append(" AND created_at >= ?");
            where.values.add((c, s, i) -> s.setObject(i, PgRows.timestamp(filter.after())));
        }
        if (filter.before() != null) {
            where.sql.append(" AND created_at < ?");
            where.values.add((c, s, i) -> s.setObject(i, PgRows.timestamp(filter.before())));
        }
        return where;
    }

    /** Adds "after this cursor" in the order created_at DESC, id DESC. */
    PgWhere after(KeysetCursor cursor) {
        if (cursor != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            values.add((c, s, i) -> s.setObject(i, PgRows.timestamp(cursor.createdAt())));
            values.add((c, s, i) -> s.setObject(i, cursor.id()));
        }
        return this;
    }

    String sql() {
        return sql.toString();
    }

    /** Binds the values from placeholder {@code first}; the next free position. */
    int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Value value : values) {
            value.bind(connection, statement, index++);
        }
        return index;
    }
}
