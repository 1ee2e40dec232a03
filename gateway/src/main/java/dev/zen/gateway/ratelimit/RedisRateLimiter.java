package dev.zen.gateway.ratelimit;

import dev.zen.gateway.core.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis (Bucket4j over Lettuce, compare-and-swap), shared by every gateway replica:
 * a caller's limit holds however its requests are spread. When Redis cannot be reached, a request is
 * let through or refused as the caller's fail mode says, and {@link #health()} says so. Thread safe.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    private final RedisClient client;
    private final String prefix;
    private StatefulRedisConnection<String, byte[]> connection;
    private ProxyManager<String> buckets;
    private volatile String health = "ok (redis)";

    /** Connects on first use, so that a gateway starts (and serves, per the fail modes) while Redis is down. */
    public RedisRateLimiter(RedisURI uri, String prefix) {
        this.client = RedisClient.create(uri);
        this.prefix = prefix + "ratelimit:";
    }

    private synchronized ProxyManager<String> buckets() {
        if (buckets == null) {
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            connection.setTimeout(Duration.ofMillis(500)); // a request must not wait long on an ailing Redis
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build();
        }
        return buckets;
    }

    @Override
    public Verdict take(String key, Limit limit, boolean failOpen) {
        try {
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(limit.requests()).refillGreedy(limit.requests(), limit.window())).build();
            ConsumptionProbe probe = buckets().getProxy(prefix + key + "|" + limit.requests() + "/" + limit.window().toSeconds(),
                    () -> configuration).tryConsumeAndReturnRemaining(1);
            health = "ok (redis)";
            return new Verdict(probe.isConsumed(), probe.getNanosToWaitForRefill() / 1_000_000);
        } catch (RuntimeException e) {
            health = "degraded: redis unreachable (" + e.getClass().getSimpleName() + "), failing "
                    + "open for authenticated callers, closed for anonymous ones";
            LOG.warn("Rate limit buckets unreachable; {} the request: {}", failOpen ? "letting through" : "refusing", e.toString());
            return new Verdict(failOpen, failOpen ? 0 : 1_000);
        }
    }

    @Override
    public String health() {
        return health;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
