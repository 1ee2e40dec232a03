package dev.zen.gateway.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zen.schemas.RecordCodec;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
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
    /**
     * What this replica read of each session, when it last restarted its idle clock, and a version
     * stamped by every change it learnt of; state null when it must be read again.
     */
    private final Cache<String, Known> known = Caffeine.newBuilder().maximumSize(100_000).build();
    private final AtomicLong versions = new AtomicLong();
    /** Counts reconnects and flushes, so that a read made before one is not kept. */
    private final AtomicLong epochs = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private volatile boolean tracking;
    private volatile boolean trackingUnsupported;

    private record Known(SessionState state, long touchedAt, long version) {
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
                epochs.incrementAndGet();
                known.invalidateAll();
            }
        });
    }

    @Override
    public void save(SessionState state, Duration idle) {
        redis.set(prefix + state.id(), codec.encode(state), SetArgs.Builder.px(idle.toMillis()));
        long now = System.currentTimeMillis();
        known.asMap().compute(state.id(), (id, was) -> new Known(null, now, versions.incrementAndGet()));
    }

    @Override
    public Optional<SessionState> find(String id, Duration idle) {
        long now = System.currentTimeMillis();
        long idleMillis = idle.toMillis();
        Known before = known.getIfPresent(id);
        if (tracking && before != null && before.state() != null && now < before.touchedAt() + idleMillis) {
            if (now - before.touchedAt() > idleMillis / 4) {
                touch(id, true, idle, now);
            }
            return Optional.of(before.state());
        }
        startTracking();
        long epoch = epochs.get();
        reads.incrementAndGet();
        byte[] json = redis.get(prefix + id);
        if (json == null) {
            known.invalidate(id);
            return Optional.empty();
        }
        SessionState state = codec.decode(json, SessionState.class);
        if (before == null || now - before.touchedAt() > idleMillis / 4) {
            touch(id, false, idle, now); // the touch invalidates what was just read: keep nothing
        } else if (tracking) {
            // kept only if no change was learnt of since the read began (an invalidation stamps a new version)
            known.asMap().compute(id, (key, current) -> current != null && current.version() == before.version()
                    && epochs.get() == epoch ? new Known(state, before.touchedAt(), before.version()) : current);
        }
        return Optional.of(state);
    }

    @Override
    public boolean delete(String id) {
        boolean deleted = redis.del(prefix + id) > 0;
        known.invalidate(id);
        return deleted;
    }

    /** Restarts the session's idle clock in Redis, in the background (Redis then reports the key changed). */
    private void touch(String id, boolean keepState, Duration idle, long now) {
        known.asMap().compute(id, (key, was) -> was == null ? new Known(null, now, versions.incrementAndGet())
                : new Known(keepState ? was.state() : null, now, was.version()));
        connection.async().pexpire(prefix + id, idle.toMillis());
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
            // a Redis that cannot be reached fails this as it would fail the read; one that cannot track says so once
            try {
                if (!redis.clientInfo().contains("resp=3")) {
                    unsupported("the connection speaks RESP2, which cannot carry invalidations");
                    return;
                }
                redis.clientTracking(TrackingArgs.Builder.enabled());
                tracking = true;
            } catch (RedisCommandExecutionException e) {
                unsupported(e.getMessage()); // an error reply: CLIENT INFO or TRACKING unknown to this Redis
            }
        }
    }

    private void unsupported(String why) {
        trackingUnsupported = true;
        LOG.info("Redis does not track keys for this connection ({}); sessions are read from Redis on every request", why);
    }

    /**
     * An invalidation pushed by Redis: the keys changed (null content: everything, after a flush).
     * Each is stamped with a new version, known or not, so that a read under way is not kept.
     */
    private void invalidated(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        if (content.size() < 2 || !(content.get(1) instanceof List<?> keys)) {
            epochs.incrementAndGet(); // no read under way may be kept
            known.invalidateAll();
            return;
        }
        for (Object key : keys) {
            if (key instanceof String name && name.startsWith(prefix)) {
                known.asMap().compute(name.substring(prefix.length()),
                        (id, was) -> new Known(null, was == null ? 0 : was.touchedAt(), versions.incrementAndGet()));
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
