package dev.zen.gateway.mcp;

import dev.zen.schemas.RecordCodec;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Optional;

/**
 * Session state in Redis (Lettuce), shared by every gateway replica: key {@code <prefix>session:<id>}
 * holds the JSON of {@link SessionState}, with a TTL of the idle timeout that every read renews
 * ({@code GETEX}). One thread-safe connection is shared by all requests.
 */
final class RedisSessionStore implements SessionStore, AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final RecordCodec codec;
    private final String prefix;

    RedisSessionStore(io.lettuce.core.RedisURI uri, String keyPrefix, RecordCodec codec) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.redis = connection.sync();
        this.codec = codec;
        this.prefix = keyPrefix + "session:";
    }

    @Override
    public void save(SessionState state, Duration idle) {
        redis.set(prefix + state.id(), codec.encode(state), SetArgs.Builder.px(idle.toMillis()));
    }

    @Override
    public Optional<SessionState> find(String id, Duration idle) {
        byte[] json = redis.getex(prefix + id, GetExArgs.Builder.px(idle.toMillis()));
        return json == null ? Optional.empty() : Optional.of(codec.decode(json, SessionState.class));
    }

    @Override
    public boolean delete(String id) {
        return redis.del(prefix + id) > 0;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
