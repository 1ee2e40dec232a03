package dev.zen.worker.database;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases of their own for a test class, on the machine's real servers: PostgreSQL at
 * 127.0.0.1:5432 (trust authentication) and MariaDB at 127.0.0.1:3306 (root without a password). Each
 * fixture makes a database and three roles on it — a reader (SELECT only), a writer (DML) and an admin
 * (owner of the database, may create databases) — and drops them all on {@link #close()}.
 */
final class TestDatabases {

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private TestDatabases() {
    }

    static String unique(String prefix) {
        return "zen_" + prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** A PostgreSQL database with reader, writer and admin roles. */
    static final class Postgres implements AutoCloseable {

        final String database;
        final String reader;
        final String writer;
        final String admin;

        Postgres(String prefix) throws SQLException {
            database = unique(prefix);
            reader = database + "_reader";
            writer = database + "_writer";
            admin = database + "_admin";
            superuser("CREATE ROLE " + reader + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
                    "CREATE ROLE " + writer + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
                    "CREATE ROLE " + admin + " LOGIN NOSUPERUSER CREATEDB NOCREATEROLE",
                    "CREATE DATABASE " + database + " OWNER " + admin);
            // in the new database, as its owner: what each role may do
            run(database, admin, "GRANT CONNECT ON DATABASE " + database + " TO " + reader + ", " + writer,
                    "GRANT USAGE ON SCHEMA public TO " + reader + ", " + writer,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + reader,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + writer,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " + writer);
            superuser("GRANT CREATE ON SCHEMA public TO " + admin);
            run(database, "postgres", "ALTER SCHEMA public OWNER TO " + admin);
        }

        /** Runs statements in this database as its owner (the admin role). */
        void asOwner(String... statements) throws SQLException {
            run(database, admin, statements);
        }

        /** A source on this database as {@code role}. */
        SourceConfig source(String id, Access access, String role) {
            return source(id, access, role, Duration.ofSeconds(10), 1000);
        }

        SourceConfig source(String id, Access access, String role, Duration timeout, int maxRows) {
            return new SourceConfig(id, SourceKind.POSTGRESQL, URI.create("postgresql://127.0.0.1:5432/" + database), role, null, access,
                    4, timeout, maxRows, 512 * 1024, Set.of());
        }

        @Override
        public void close() throws SQLException {
            superuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()",
                    "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            for (String role : List.of(reader, writer, admin)) {
                superuser("DROP OWNED BY " + role, "DROP ROLE IF EXISTS " + role);
            }
        }

        static void superuser(String... statements) throws SQLException {
            run("postgres", "postgres", statements);
        }

        static void run(String database, String user, String... statements) throws SQLException {
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, user, "");
                    Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }
    }

    /** A MariaDB database with a SELECT-only user, a DML user and root as admin. */
    static final class MariaDb implements AutoCloseable {

        final String database;
        final String reader;
        final String writer;

        MariaDb(String prefix) throws SQLException {
            database = unique(prefix);
            reader = database.substring(0, Math.min(database.length(), 28)) + "_r";
            writer = database.substring(0, Math.min(database.length(), 28)) + "_w";
            root("CREATE DATABASE " + database,
                    "CREATE USER '" + reader + "'@'%' IDENTIFIED BY 'r-pass'", "CREATE USER '" + reader + "'@'localhost' IDENTIFIED BY 'r-pass'",
                    "CREATE USER '" + writer + "'@'%' IDENTIFIED BY 'w-pass'", "CREATE USER '" + writer + "'@'localhost' IDENTIFIED BY 'w-pass'",
                    "GRANT SELECT ON " + database + ".* TO '" + reader + "'@'%'", "GRANT SELECT ON " + database + ".* TO '" + reader + "'@'localhost'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON " + database + ".* TO '" + writer + "'@'%'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON " + database + ".* TO '" + writer + "'@'localhost'");
        }

        void asRoot(String... statements) throws SQLException {
            try (Connection connection = DriverManager.getConnection(MARIADB_ADMIN_URL + database, "root", "");
                    Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }

        SourceConfig source(String id, Access access, String user, String password) {
            return new SourceConfig(id, SourceKind.MARIADB, URI.create("mariadb://127.0.0.1:3306/" + database), user,
                    password == null ? null : new SourceConfig.Secret(password, "test"), access, 4, Duration.ofSeconds(10), 1000, 512 * 1024,
                    Set.of());
        }

        @Override
        public void close() throws SQLException {
            root("DROP DATABASE IF EXISTS " + database, "DROP USER IF EXISTS '" + reader + "'@'%'", "DROP USER IF EXISTS '" + reader
                    + "'@'localhost'", "DROP USER IF EXISTS '" + writer + "'@'%'", "DROP USER IF EXISTS '" + writer + "'@'localhost'");
        }

        static void root(String... statements) throws SQLException {
            try (Connection connection = DriverManager.getConnection(MARIADB_ADMIN_URL, "root", "");
                    Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }
    }
}
