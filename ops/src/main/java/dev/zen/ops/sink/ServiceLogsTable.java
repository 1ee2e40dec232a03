package dev.zen.ops.sink;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * The seed's {@code service_logs} table, grown for the audit: the seed's columns keep their meaning
 * ({@code request_data} the redacted arguments, {@code response_data} the outcome and sizes, never
 * content; {@code execution_time} the duration), and new columns carry the rest of the event, with
 * {@code event_id} unique so that an event written twice is one row. Creating is idempotent and
 * works on the seed's own table. Not thread safe (one connection).
 */
final class ServiceLogsTable {

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS service_logs (id BIGSERIAL PRIMARY KEY, service_name VARCHAR(50), tool_name VARCHAR(50),"
                    + " request_data JSONB, response_data JSONB, execution_time INTERVAL, timestamp TIMESTAMP DEFAULT NOW())",
            "ALTER TABLE service_logs ALTER COLUMN tool_name TYPE VARCHAR(128)",
            "ALTER TABLE service_logs ALTER COLUMN service_name TYPE VARCHAR(64)",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS event_id TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS event_type VARCHAR(32)",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS call_id TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS job_id TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS principal TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS roles TEXT[]",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS tenant TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS outcome VARCHAR(32)",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS error_code VARCHAR(64)",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS worker_instance TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS source TEXT",
            "ALTER TABLE service_logs ADD COLUMN IF NOT EXISTS event JSONB",
            "CREATE UNIQUE INDEX IF NOT EXISTS service_logs_event_id ON service_logs (event_id)",
            "CREATE INDEX IF NOT EXISTS service_logs_call_id ON service_logs (call_id)",
            "CREATE INDEX IF NOT EXISTS service_logs_tool_time ON service_logs (tool_name, timestamp)");

    private static final String UPSERT = "INSERT INTO service_logs (service_name, tool_name, request_data, response_data, execution_time,"
            + " timestamp, event_id, event_type, call_id, job_id, principal, roles, tenant, outcome, error_code, worker_instance, source, event)"
            + " VALUES (?, ?, ?::jsonb, ?::jsonb, make_interval(secs => ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (event_id) DO NOTHING";

    private final RecordCodec codec = RecordCodec.shared();

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
    }

    /** Upserts the batch in the connection's current transaction; returns the rows that were new. */
    int upsert(Connection connection, List<AuditEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(UPSERT)) {
            for (AuditEvent e : events) {
                var response = codec.mapper().createObjectNode();
                response.put("outcome", e.outcome());
                response.put("errorCode", e.errorCode());
                if (e.resultBytes() != null) {
                    response.put("resultBytes", e.resultBytes());
                }
                int i = 1;
                insert.setString(i++, e.service());
                insert.setString(i++, e.tool());
                insert.setString(i++, e.arguments() == null ? null : e.arguments().toString());
                insert.setString(i++, response.toString());
                if (e.durationMs() == null) {
                    insert.setNull(i++, Types.DOUBLE);
                } else {
                    insert.setDouble(i++, e.durationMs() / 1000.0);
                }
                insert.setTimestamp(i++, new Timestamp(e.at()));
                insert.setString(i++, e.eventId());
                insert.setString(i++, e.type());
                insert.setString(i++, e.callId());
                insert.setString(i++, e.jobId());
                insert.setString(i++, e.subject());
                insert.setArray(i++, e.roles() == null ? null : connection.createArrayOf("text", e.roles().toArray()));
                insert.setString(i++, e.tenant());
                insert.setString(i++, e.outcome());
                insert.setString(i++, e.errorCode());
                insert.setString(i++, e.instance());
                insert.setString(i++, e.source());
                insert.setString(i++, new String(codec.encode(e), java.nio.charset.StandardCharsets.UTF_8));
                insert.addBatch();
            }
            int inserted = 0;
            for (int n : insert.executeBatch()) {
                inserted += Math.max(0, n);
            }
            return inserted;
        }
    }
}
