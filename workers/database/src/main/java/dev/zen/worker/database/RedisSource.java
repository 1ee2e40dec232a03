package dev.zen.worker.database;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * A Redis source over one Lettuce connection (thread-safe and multiplexed, so it needs no pool),
 * connected on first use. Its commands pass {@link RedisCommands}' allow-list first; where the operator
 * configured a Redis ACL user (its {@code user}), Redis enforces read-only itself.
 */
final class RedisSource implements Source {

    private final SourceConfig config;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    RedisSource(SourceConfig config) {
        this.config = config;
        RedisURI.Builder uri = RedisURI.builder().withHost(config.url().getHost())
                .withPort(config.url().getPort() < 0 ? 6379 : config.url().getPort())
                .withTimeout(config.statementTimeout());
        String path = config.url().getPath();
        if (path != null && path.length() > 1) {
            uri.withDatabase(Integer.parseInt(path.substring(1)));
        }
        if (config.password().value() != null) {
            if (config.user() != null) {
                uri.withAuthentication(config.user(), config.password().value());
            } else {
                uri.withPassword(config.password().value().toCharArray());
            }
        }
        this.client = RedisClient.create(uri.build());
    }

    @Override
    public SourceConfig config() {
        return config;
    }

    synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect(StringCodec.UTF8);
            connection.setTimeout(config.statementTimeout().plus(Duration.ofSeconds(1)));
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
