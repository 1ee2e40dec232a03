package dev.zen.gateway.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zen.schemas.RecordCodec;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session state in Redis (Lettuce), shared by every gateway replica: key {@code <prefix>session:<id>}
 * holds the JSON of {@link SessionState}, with a TTL of the idle timeout. One thread-safe connection
 * is shared by all requests.
 *
 * <p>A session is read on every request, so this replica keeps what it read and asks Redis again
 * only when Redis says the key changed: the connection has client-side caching on ({@code CLIENT
 * TRACKING}, RESP3), and Redis pushes an invalidation when any replica saves, touches or deletes a
 * session this one has read, or it expires. So a steady session costs no round trip; another
 * replica's change or delete is seen as soon as its invalidation arrives (a network hop), and after a
 * reconnect (when Redis has forgotten what was tracked) everything read before is dropped. The idle
 * clock is restarted at most every quarter of the idle time, in the background; a cached session is
 * never served past this replica's own last restart of it plus the idle time. Where Redis does not
 * support tracking, every request reads Redis, as before.
 */
final class RedisSessionStore implements SessionStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final RecordCodec codec;
    private final String prefix;
    /** What this replica read of each session and when it last restarted its idle clock; state null once invalidated. */
    private final Cache<String, Known> known = Caffeine.newBuilder().maximumSize(100_000).build();
    /** Counts invalidations and reconnects, so that a read overtaken by one is not kept. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private volatile boolean tracking;
    private volatile boolean trackingUnsupported;

    private record Known(SessionState state, long touchedAt) {
    }

    RedisSessionStore(io.lettuce.core.RedisURI uri, String keyPrefix, RecordCodec codec) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.redis = connection.sync();
        this.codec = codec;
        this.prefix = keyPrefix + "session:";
        connection.addListener(this::invalidated);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                // the new connection tracks nothing: forget everything read on this one
                tracking = false;
                changes.incrementAndGet();
                known.invalidateAll();
            }
        });
    }

    @Override
    public void save(SessionState state, Duration idle) {
        forget(state.id());
        redis.set(prefix + state.id(), codec.encode(state), SetArgs.Builder.px(idle.toMillis()));
        known.put(state.id(), new Known(null, System.currentTimeMillis()));
    }

    @Override
    public Optional<SessionState> find(String id, Duration idle) {
        long now = System.currentTimeMillis();
        long idleMillis = idle.toMillis();
        Known before = tracking ? known.getIfPresent(id) : null;
        if (before != null && before.state() != null && now < before.touchedAt() + idleMillis) {
            if (now - before.touchedAt() > idleMillis / 4) {
                touch(id, before.state(), idle, now);
            }
            return Optional.of(before.state());
        }
        startTracking();
        long seen = changes.get();
        reads.incrementAndGet();
        byte[] json = redis.get(prefix + id);
        if (json == null) {
            forget(id);
            return Optional.empty();
        }
        SessionState state = codec.decode(json, SessionState.class);
        if (before == null || now - before.touchedAt() > idleMillis / 4) {
            touch(id, null, idle, now); // the touch invalidates what was just read: keep nothing
        } else if (tracking && changes.get() == seen) {
            known.put(id, new Known(state, before.touchedAt()));
        }
        return Optional.of(state);
    }

    @Override
    public boolean delete(String id) {
        forget(id);
        return redis.del(prefix + id) > 0;
    }

    /** Restarts the session's idle clock in Redis, in the background. */
    private void touch(String id, SessionState state, Duration idle, long now) {
        known.put(id, new Known(state, now));
        connection.async().pexpire(prefix + id, idle.toMillis());
    }

    private void forget(String id) {
        changes.incrementAndGet();
        known.invalidate(id);
    }

    /** Turns client-side caching on for this connection (again after a reconnect), once. */
    private void startTracking() {
        if (tracking || trackingUnsupported) {
            return;
        }
        synchronized (this) {
            if (tracking || trackingUnsupported) {
                return;
            }
            try {
                if (!redis.clientInfo().contains("resp=3")) {
                    throw new IllegalStateException("the connection speaks RESP2, which cannot carry invalidations");
                }
                redis.clientTracking(TrackingArgs.Builder.enabled());
                tracking = true;
            } catch (RuntimeException e) {
                trackingUnsupported = true; // RESP2 or an old Redis: read on every request
                LOG.info("Redis does not track keys for this connection ({}); sessions are read from Redis on every request", e.toString());
            }
        }
    }

    /** An invalidation pushed by Redis: the keys changed (null content: everything, after a flush). */
    private void invalidated(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        changes.incrementAndGet();
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        if (content.size() < 2 || !(content.get(1) instanceof List<?> keys)) {
            known.invalidateAll();
            return;
        }
        for (Object key : keys) {
            if (key instanceof String name && name.startsWith(prefix)) {
                known.asMap().computeIfPresent(name.substring(prefix.length()), (id, was) -> new Known(null, was.touchedAt()));
            } else if (key instanceof ByteBuffer) {
                known.invalidateAll(); // not decoded as expected: be safe
            }
        }
    }

    /** How many times a session was read from Redis (not served from what this replica knew), for tests. */
    long reads() {
        return reads.get();
    }

    /** This store's connection id in Redis, for tests. */
    long clientId() {
        return redis.clientId();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
