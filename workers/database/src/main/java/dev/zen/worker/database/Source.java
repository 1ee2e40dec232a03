package dev.zen.worker.database;

/**
 * A configured source ready to use: its configuration and its pool of connections. Thread-safe;
 * {@link #close()} ends the pool.
 */
sealed interface Source extends AutoCloseable permits JdbcSource, RedisSource {

    SourceConfig config();

    default String id() {
        return config().id();
    }

    @Override
    void close();
}
