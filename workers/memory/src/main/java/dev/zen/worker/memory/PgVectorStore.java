package dev.zen.worker.memory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pgvector store: memories, their vectors and their full-text index in one PostgreSQL table
 * ({@code <collection>_memories}), reached over JDBC through a small HikariCP pool. Thread-safe; every
 * write is committed when the method returns; every value a caller gives is a bound parameter.
 *
 * <p>{@link #open} creates what is missing (see {@link PgSchema}). Nearest-neighbour search uses the HNSW
 * index with cosine distance (score = 1 − distance); because HNSW filters after the graph walk, a
 * narrow filter could return fewer than {@code limit} rows, so each search raises {@code hnsw.ef_search}
 * for its transaction and, on pgvector 0.8+, turns on {@code hnsw.iterative_scan = strict_order}.
 * Keyword search ranks with {@code ts_rank_cd} over the query's English lexemes joined by OR (any word
 * matches, more matching words rank higher, as BM25 does): {@code plainto_tsquery}, which takes any user
 * text as words without a syntax error, with its ANDs turned into ORs (read back by {@code to_tsquery('simple', …)}, which keeps
 * the quoted lexemes as they are). Times are kept to the microsecond.
 */
public final class PgVectorStore implements MemoryStore {

    private static final String COLUMNS = "id, namespace, content, content_hash, tags, metadata, created_at, updated_at";

    private final String url;
    private final String user;
    private final String password;
    private final CollectionName name;
    private final String table;

    private volatile HikariDataSource pool;
    private volatile String model;
    private volatile int dimension;
    private volatile String pgvectorVersion;
    private volatile boolean iterativeScans;

    /**
     * @param url a {@code jdbc:postgresql:} URL
     * @param password null for none (trust or peer authentication, or a password in the URL)
     * @param collection the collection's name, also its table's prefix (see {@link CollectionName})
     */
    public PgVectorStore(String url, String user, String password, String collection) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Expected a jdbc:postgresql: URL, but it was '" + url + "'");
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.name = new CollectionName(collection);
        this.table = PgSchema.table(name);
    }

    /** The collection's name. */
    public String collection() {
        return name.value();
    }

    /** The version of pgvector in the database, once open. */
    public String pgvectorVersion() {
        return pgvectorVersion;
    }

    @Override
    public synchronized void open(String model, int dimension) {
        if (dimension < 1 || dimension > PgSchema.MAX_DIMENSION) {
            throw new IllegalArgumentException(
                    "Expected a dimension from 1 to " + PgSchema.MAX_DIMENSION + " (pgvector's HNSW index), but it was " + dimension);
        }
        if (pool != null) {
            if (!model.equals(this.model) || dimension != this.dimension) {
                throw new IllegalStateException("Expected collection " + name + " to hold vectors of model " + model + " (" + dimension
                        + " dimensions), but it is open for model " + this.model + " (" + this.dimension + " dimensions)");
            }
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("zen-memory-" + name);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Expected to reach PostgreSQL at " + describeUrl() + ", but: " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection()) {
            pgvectorVersion = PgSchema.ensure(connection, describeUrl(), name, model, dimension);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failure("open collection " + name, (SQLException) e);
        }
        iterativeScans = PgSchema.iterativeScans(pgvectorVersion);
        this.model = model;
        this.dimension = dimension;
        this.pool = dataSource;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Stored put(Memory memory, float[] vector) {
        StoreChecks.vector(vector, model, dimension);
        UUID id = StoreChecks.id(memory);
        String namespace = StoreChecks.namespace(memory.namespace());
        String content = StoreChecks.content(memory.content());
        Instant now = PgRows.micros(Instant.now());
        Instant createdAt = memory.createdAt() == null ? now : PgRows.micros(memory.createdAt());
        Instant updatedAt = memory.updatedAt() == null ? createdAt : PgRows.micros(memory.updatedAt());
        // on a duplicate: old tags then the new ones not yet there (MemoryWrites.merged's caps), old metadata overlaid with the new;
        // xmax = 0 only on a row this statement inserted
        String sql = "INSERT INTO " + table + " AS m (" + COLUMNS + ", embedding) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::vector)"
                + " ON CONFLICT (namespace, content_hash) DO UPDATE SET"
                + " tags = (m.tags || ARRAY(SELECT t FROM unnest(EXCLUDED.tags) WITH ORDINALITY AS x(t, i)"
                + " WHERE NOT t = ANY(m.tags) ORDER BY i))[1:" + MemoryWrites.MAX_TAGS + "],"
                + " metadata = CASE WHEN length((m.metadata || EXCLUDED.metadata)::text) <= " + MemoryWrites.MAX_METADATA_CHARS
                + " THEN m.metadata || EXCLUDED.metadata ELSE m.metadata END, updated_at = ?"
                + " RETURNING " + COLUMNS + ", (m.xmax = 0) AS inserted";
        try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            statement.setString(2, namespace);
            statement.setString(3, content);
            statement.setString(4, StoreChecks.contentHash(memory.contentHash(), content));
            statement.setArray(5, connection.createArrayOf("text", StoreChecks.tags(memory.tags()).toArray()));
            statement.setString(6, PgRows.json(memory.metadata()));
            statement.setObject(7, PgRows.timestamp(createdAt));
            statement.setObject(8, PgRows.timestamp(updatedAt));
            statement.setString(9, PgRows.vectorText(vector));
            statement.setObject(10, PgRows.timestamp(now));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Stored(PgRows.memory(rows), !rows.getBoolean("inserted"));
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("Expected a new memory id, but " + id + " is already taken", e);
            }
            throw tooLong(e).orElseThrow(() -> failure("store a memory", e));
        }
    }

    @Override
    public Optional<Memory> get(String namespace, String id) {
        UUID uuid = StoreChecks.idOrNull(id);
        if (uuid == null) {
            return Optional.empty();
        }
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE namespace = ? AND id = ?")) {
            statement.setString(1, StoreChecks.namespace(namespace));
            statement.setObject(2, uuid);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(PgRows.memory(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a memory", e);
        }
    }

    @Override
    public Optional<Memory> replace(String namespace, String id, String content, String contentHash, List<String> tags, ObjectNode metadata,
            float[] vector) {
        StoreChecks.vector(vector, model, dimension);
        UUID uuid = StoreChecks.idOrNull(id);
        if (uuid == null) {
            return Optional.empty();
        }
        StoreChecks.content(content);
        String sql = "UPDATE " + table + " SET content = ?, content_hash = ?, tags = ?, metadata = ?::jsonb, embedding = ?::vector,"
                + " updated_at = ? WHERE namespace = ? AND id = ? RETURNING " + COLUMNS;
        try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, content);
            statement.setString(2, StoreChecks.contentHash(contentHash, content));
            statement.setArray(3, connection.createArrayOf("text", StoreChecks.tags(tags).toArray()));
            statement.setString(4, PgRows.json(metadata));
            statement.setString(5, PgRows.vectorText(vector));
            statement.setObject(6, PgRows.timestamp(PgRows.micros(Instant.now())));
            statement.setString(7, StoreChecks.namespace(namespace));
            statement.setObject(8, uuid);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(PgRows.memory(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new DuplicateContent(namespace, e);
            }
            throw tooLong(e).orElseThrow(() -> failure("replace a memory", e));
        }
    }

    @Override
    public boolean delete(String namespace, String id) {
        UUID uuid = StoreChecks.idOrNull(id);
        if (uuid == null) {
            return false;
        }
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE namespace = ? AND id = ?")) {
            statement.setString(1, StoreChecks.namespace(namespace));
            statement.setObject(2, uuid);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete a memory", e);
        }
    }

    @Override
    public long delete(MemoryFilter filter) {
        PgWhere where = PgWhere.of(filter);
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE " + where.sql())) {
            where.bind(connection, statement, 1);
            return statement.executeLargeUpdate();
        } catch (SQLException e) {
            throw failure("delete memories", e);
        }
    }

    @Override
    public List<Hit> nearest(MemoryFilter filter, float[] vector, int limit) {
        StoreChecks.vector(vector, model, dimension);
        StoreChecks.limit(limit);
        PgWhere where = PgWhere.of(filter);
        String sql = "SELECT " + COLUMNS + ", 1 - (embedding <=> ?::vector) AS score FROM " + table + " WHERE " + where.sql()
                + " ORDER BY embedding <=> ?::vector LIMIT ?";
        String text = PgRows.vectorText(vector);
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            try {
                // settings local to this transaction: a wider HNSW candidate list, and (0.8+) scans that go on
                // past the first candidates until the filter has let through enough rows, in exact order
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config('hnsw.ef_search', ?, true)")) {
                    set.setString(1, Long.toString(Math.min(1000L, Math.max(40L, 4L * limit))));
                    set.execute();
                }
                if (iterativeScans) {
                    try (PreparedStatement set = connection.prepareStatement("SELECT set_config('hnsw.iterative_scan', 'strict_order', true)")) {
                        set.execute();
                    }
                }
                List<Hit> hits = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, text);
                    int next = where.bind(connection, statement, 2);
                    statement.setString(next, text);
                    statement.setInt(next + 1, limit);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            hits.add(new Hit(PgRows.memory(rows), rows.getDouble("score")));
                        }
                    }
                }
                connection.commit();
                return hits;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("search by vector", e);
        }
    }

    @Override
    public List<Hit> keyword(MemoryFilter filter, String query, int limit) {
        StoreChecks.limit(limit);
        if (query == null || query.isBlank()) {
            return List.of();
        }
        PgWhere where = PgWhere.of(filter);
        String sql = "SELECT " + COLUMNS + ", ts_rank_cd(tsv, q) AS score FROM " + table + ", to_tsquery('simple', replace(plainto_tsquery('english', ?)::text, ' & ', ' | ')) AS q"
                + " WHERE " + where.sql() + " AND tsv @@ q ORDER BY score DESC, created_at DESC, id DESC LIMIT ?";
        try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, query);
            int next = where.bind(connection, statement, 2);
            statement.setInt(next, limit);
            List<Hit> hits = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    hits.add(new Hit(PgRows.memory(rows), rows.getDouble("score")));
                }
            }
            return hits;
        } catch (SQLException e) {
            throw failure("search by keywords", e);
        }
    }

    @Override
    public Page list(MemoryFilter filter, String cursor, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("Expected a page size of at least 1, but it was " + pageSize);
        }
        PgWhere where = PgWhere.of(filter).after(KeysetCursor.decode(cursor));
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + where.sql() + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = where.bind(connection, statement, 1);
            // one more than a page tells whether there is a next one
            statement.setLong(next, pageSize + 1L);
            List<Memory> memories = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    memories.add(PgRows.memory(rows));
                }
            }
            if (memories.size() <= pageSize) {
                return new Page(memories, null);
            }
            List<Memory> page = List.copyOf(memories.subList(0, pageSize));
            return new Page(page, KeysetCursor.of(page.getLast()).encode());
        } catch (SQLException e) {
            throw failure("list memories", e);
        }
    }

    @Override
    public long count(MemoryFilter filter) {
        PgWhere where = PgWhere.of(filter);
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + where.sql())) {
            where.bind(connection, statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("count memories", e);
        }
    }

    @Override
    public Stats stats(String namespace) {
        StoreChecks.namespace(namespace);
        try (Connection connection = connection()) {
            // both reads see one snapshot
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long count;
                long bytes;
                Instant oldest;
                Instant newest;
                try (PreparedStatement statement = connection.prepareStatement("SELECT count(*), coalesce(sum(octet_length(content)), 0),"
                        + " min(created_at), max(created_at) FROM " + table + " WHERE namespace = ?")) {
                    statement.setString(1, namespace);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        count = rows.getLong(1);
                        bytes = rows.getLong(2);
                        oldest = PgRows.instant(rows.getObject(3, OffsetDateTime.class));
                        newest = PgRows.instant(rows.getObject(4, OffsetDateTime.class));
                    }
                }
                Map<String, Long> tags = new LinkedHashMap<>();
                try (PreparedStatement statement = connection.prepareStatement("SELECT tag, count(*) FROM " + table
                        + ", unnest(tags) AS tag WHERE namespace = ? GROUP BY tag ORDER BY count(*) DESC, tag")) {
                    statement.setString(1, namespace);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            tags.put(rows.getString(1), rows.getLong(2));
                        }
                    }
                }
                connection.commit();
                return new Stats(count, bytes, oldest, newest, Collections.unmodifiableMap(tags));
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("count what namespace " + namespace + " holds", e);
        }
    }

    @Override
    public String describe() {
        return "pgvector " + (pgvectorVersion == null ? "(not open)" : pgvectorVersion) + " at " + describeUrl() + ", table " + table
                + (model == null ? "" : ", model " + model + " (" + dimension + " dimensions)");
    }

    @Override
    public synchronized void close() {
        HikariDataSource open = pool;
        pool = null;
        if (open != null) {
            open.close();
        }
    }

    private Connection connection() throws SQLException {
        HikariDataSource open = pool;
        if (open == null) {
            throw new IllegalStateException("Expected an open store, but collection " + name + " is " + (model == null ? "not open" : "closed"));
        }
        return open.getConnection();
    }

    /** The URL without its parameters (which may hold a password), for logs and errors. */
    private String describeUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** PostgreSQL's full-text index takes at most 1 MB of words per text (program_limit_exceeded). */
    private static Optional<IllegalArgumentException> tooLong(SQLException e) {
        if (!"54000".equals(e.getSQLState())) {
            return Optional.empty();
        }
        return Optional.of(new IllegalArgumentException(
                "Expected content that PostgreSQL's full-text index can hold (under 1 MB of words), but: " + e.getMessage(), e));
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Expected to " + what + " in " + table + " at " + describeUrl() + ", but PostgreSQL said: "
                + e.getMessage(), e);
    }
}
