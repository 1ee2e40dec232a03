package dev.zen.worker.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a connection to a source says about it: the server's version, who we are, whether sessions are
 * read-only, and, for a read-only source, whether its role could still read or run things on the server
 * (a PostgreSQL superuser, or a member of {@code pg_read_server_files}, {@code pg_write_server_files} or
 * {@code pg_execute_server_program}; a MariaDB user with the FILE, SUPER or a write privilege): read-only
 * is only as strong as the role, so each such finding is a warning.
 */
final class SourceCheck {

    /** What was found: facts to show, and warnings. */
    record Report(Map<String, String> facts, List<String> warnings) {
    }

    private SourceCheck() {
    }

    static Report check(JdbcSource source) throws SQLException {
        SourceConfig config = source.config();
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        try (Connection connection = source.connection(); Statement statement = connection.createStatement()) {
            try {
                facts.put("server", connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion());
                if (config.kind() == SourceKind.POSTGRESQL) {
                    try (ResultSet row = statement.executeQuery("SELECT current_user, current_database(), "
                            + "current_setting('default_transaction_read_only'), r.rolsuper, "
                            + "pg_has_role(current_user, 'pg_read_server_files', 'MEMBER'), "
                            + "pg_has_role(current_user, 'pg_write_server_files', 'MEMBER'), "
                            + "pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') "
                            + "FROM pg_roles r WHERE r.rolname = current_user")) {
                        row.next();
                        facts.put("user", row.getString(1));
                        facts.put("database", row.getString(2));
                        facts.put("sessionReadOnly", row.getString(3));
                        if (!config.access().writes()) {
                            if (row.getBoolean(4)) {
                                warnings.add("source '" + config.id() + "' is read-only but logs in as superuser '" + row.getString(1)
                                        + "': server-side functions such as pg_read_file are not refused; give it a read-only role");
                            } else if (row.getBoolean(5) || row.getBoolean(6) || row.getBoolean(7)) {
                                warnings.add("source '" + config.id() + "' is read-only but its role '" + row.getString(1)
                                        + "' may read, write or run server files; give it a role without pg_*_server_* membership");
                            }
                        }
                    }
                } else {
                    try (ResultSet row = statement.executeQuery("SELECT CURRENT_USER(), DATABASE(), @@session.tx_read_only")) {
                        row.next();
                        facts.put("user", row.getString(1));
                        facts.put("database", row.getString(2) == null ? "" : row.getString(2));
                        facts.put("sessionReadOnly", row.getString(3));
                    }
                    if (!config.access().writes()) {
                        List<String> grants = new ArrayList<>();
                        try (ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
                            while (rows.next()) {
                                grants.add(rows.getString(1));
                            }
                        }
                        boolean risky = grants.stream().anyMatch(g -> g.startsWith("GRANT ALL") || g.contains(" FILE") || g.contains("SUPER")
                                || g.contains("INSERT") || g.contains("UPDATE") || g.contains("DELETE") || g.contains("DROP"));
                        if (risky) {
                            warnings.add("source '" + config.id() + "' is read-only but its user '" + facts.get("user")
                                    + "' holds write or FILE privileges; READ ONLY transactions still refuse writes, but give it a "
                                    + "SELECT-only user");
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        return new Report(facts, warnings);
    }
}
