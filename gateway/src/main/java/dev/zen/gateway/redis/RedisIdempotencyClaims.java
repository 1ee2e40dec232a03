package dev.zen.gateway.redis;

import dev.zen.gateway.core.IdempotencyClaims;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * Idempotency claims in Redis ({@code SET NX PX}), shared by every gateway replica: of two replicas
 * that get the same idempotency key at once, one accepts the job and the other answers with it.
 * Connects on first use. Thread safe.
 */
public final class RedisIdempotencyClaims implements IdempotencyClaims, AutoCloseable {

    private final RedisClient client;
    private final String prefix;
    private StatefulRedisConnection<String, String> connection;

    public RedisIdempotencyClaims(RedisURI uri, String prefix) {
        this.client = RedisClient.create(uri);
        this.prefix = prefix + "jobclaim:";
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connect();
            connection.setTimeout(Duration.ofSeconds(2));
        }
        return connection;
    }

    @Override
    public boolean claim(String id, Duration ttl) {
        return "OK".equals(connection().sync().set(prefix + id, "1", SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    @Override
    public void release(String id) {
        connection().sync().del(prefix + id);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
