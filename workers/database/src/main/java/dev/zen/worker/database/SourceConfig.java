package dev.zen.worker.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured database source: its id (what callers name), kind, where it is, who it logs in as
 * and with which secret (read from an environment variable or a file, never written in the
 * configuration), its access level, and its pool size, statement timeout and caps. Which roles may
 * use it ({@code roles}; empty: every caller that may call the database tools). Validated here;
 * {@link #toString()} never shows the password.
 *
 * @param url where it is, without credentials: {@code postgresql://host:port/db}, {@code mariadb://…},
 *     {@code mysql://…} or {@code redis://host:port/db}
 */
record SourceConfig(String id, SourceKind kind, URI url, String user, Secret password, Access access, int poolSize,
        Duration statementTimeout, int maxRows, long maxBytes, Set<String> roles) {

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    static final int MAX_POOL = 64;
    static final int MAX_ROWS_LIMIT = 100_000;
    static final long MAX_BYTES_LIMIT = 8L * 1024 * 1024;

    /** A password read from where the configuration says; {@link #toString()} hides it. */
    record Secret(String value, String from) {

        @Override
        public String toString() {
            return from == null ? "none" : "(from " + from + ")";
        }
    }

    SourceConfig {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Expected a source id of " + ID + ", but got '" + id + "'");
        }
        if (url.getUserInfo() != null && url.getUserInfo().contains(":")) {
            throw new IllegalArgumentException("Expected source '" + id + "' to have no password in its URL (use password_env or "
                    + "password_file), but it has one");
        }
        if (poolSize < 1 || poolSize > MAX_POOL) {
            throw new IllegalArgumentException("Expected pool_size of source '" + id + "' between 1 and " + MAX_POOL + ", but got "
                    + poolSize);
        }
        if (maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
            throw new IllegalArgumentException("Expected max_rows of source '" + id + "' between 1 and " + MAX_ROWS_LIMIT + ", but got "
                    + maxRows);
        }
        if (maxBytes < 1024 || maxBytes > MAX_BYTES_LIMIT) {
            throw new IllegalArgumentException("Expected max_bytes of source '" + id + "' between 1KB and 8MB, but got " + maxBytes);
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero() || statementTimeout.toHours() > 24) {
            throw new IllegalArgumentException("Expected statement_timeout of source '" + id + "' between 1ms and 24h, but got "
                    + statementTimeout);
        }
        roles = Set.copyOf(roles);
        password = password == null ? new Secret(null, null) : password;
    }

    /** The URL of a configuration: one of the accepted schemes, with a {@code jdbc:} prefix dropped. */
    static URI parseUrl(String id, String text) {
        String plain = text.startsWith("jdbc:") ? text.substring(5) : text;
        try {
            URI url = new URI(plain);
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("Expected source '" + id + "' to have a URL like postgresql://host:5432/db, but got '"
                        + Shown.url(url) + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Expected source '" + id + "' to have a URL like postgresql://host:5432/db, but it is not "
                    + "one (" + e.getReason() + ")");
        }
    }

    /** The kind a URL's scheme says. */
    static SourceKind kindOf(URI url) {
        return SourceKind.parse(url.getScheme());
    }

    /** The JDBC URL of a SQL source. */
    String jdbcUrl() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return switch (kind) {
            case POSTGRESQL -> "jdbc:postgresql://" + hostPort(5432) + path + query;
            case MARIADB -> "jdbc:mariadb://" + hostPort(3306) + path + query;
            case REDIS -> throw new IllegalStateException("a Redis source has no JDBC URL");
        };
    }

    String hostPort(int defaultPort) {
        return url.getHost() + ":" + (url.getPort() < 0 ? defaultPort : url.getPort());
    }

    /** The database name of a SQL source's URL ("" when none). */
    String database() {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** Whether {@code callerRoles} may use this source. */
    boolean allows(List<String> callerRoles) {
        return roles.isEmpty() || callerRoles.stream().anyMatch(roles::contains);
    }

    @Override
    public String toString() {
        return id + " (" + kind.wire() + " " + Shown.url(url) + " as " + user + ", " + access.wire() + ")";
    }
}
