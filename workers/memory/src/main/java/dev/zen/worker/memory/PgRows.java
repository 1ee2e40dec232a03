package dev.zen.worker.memory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The forms {@link PgVectorStore}'s values take in JDBC: rows to memories, and vectors, metadata and times to parameters. */
final class PgRows {

    private static final JsonMapper JSON = JsonMapper.shared();

    private PgRows() {
    }

    static Memory memory(ResultSet rows) throws SQLException {
        String[] tags = (String[]) rows.getArray("tags").getArray();
        return new Memory(rows.getObject("id", UUID.class).toString(), rows.getString("namespace"), rows.getString("content"),
                Arrays.asList(tags), (ObjectNode) JSON.readTree(rows.getString("metadata")), rows.getString("content_hash"),
                instant(rows.getObject("created_at", OffsetDateTime.class)), instant(rows.getObject("updated_at", OffsetDateTime.class)));
    }

    static String json(ObjectNode metadata) {
        return metadata == null ? "{}" : JSON.writeValueAsString(metadata);
    }

    /** pgvector's text form, '[1.0,2.5,…]', bound as a parameter and cast to vector. */
    static String vectorText(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** PostgreSQL keeps microseconds: truncate first, so what is returned is what is stored. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
