package dev.zen.gateway.ratelimit;

import dev.zen.gateway.core.RateLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every gateway replica: a caller's limit holds however its
 * requests are spread. All the buckets of one request are checked and taken in <em>one</em> Lua
 * script, so a call costs one round trip and concurrent calls never conflict (Bucket4j's Redis
 * proxy is compare-and-swap: two round trips per bucket and retries on a hot key; docs/security.md).
 * When Redis cannot be reached, a request is let through or refused as the caller's fail mode says,
 * and {@link #health()} says so. Thread safe.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    /**
     * KEYS: the buckets; ARGV: capacity and window in ms per bucket. A bucket is a hash of its tokens
     * (fractional) and when they were counted, refilled greedily at capacity/window per ms, and
     * removed once it would be full again. Returns {1, 0, -1} when every bucket gave a token, else
     * {0, ms until the emptiest one has a token, its index} and takes nothing.
     */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local tokens = {}
            for i, key in ipairs(KEYS) do
              local capacity = tonumber(ARGV[2 * i - 1])
              local window = tonumber(ARGV[2 * i])
              local state = redis.call('HMGET', key, 'tokens', 'at')
              local have = capacity
              if state[1] then
                have = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * capacity / window)
              end
              if have < 1 then
                return {0, math.ceil((1 - have) * window / capacity), i - 1}
              end
              tokens[i] = have
            end
            for i, key in ipairs(KEYS) do
              redis.call('HSET', key, 'tokens', tostring(tokens[i] - 1), 'at', now)
              redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]))
            end
            return {1, 0, -1}
            """;

    private final RedisClient client;
    private final String prefix;
    private StatefulRedisConnection<String, String> connection;
    private String sha;
    private volatile String health = "ok (redis)";

    /** Connects on first use, so that a gateway starts (and serves, per the fail modes) while Redis is down. */
    public RedisRateLimiter(RedisURI uri, String prefix) {
        this.client = RedisClient.create(uri);
        this.prefix = prefix + "ratelimit:";
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connect(StringCodec.UTF8);
            connection.setTimeout(Duration.ofMillis(500)); // a request must not wait long on an ailing Redis
            sha = connection.sync().scriptLoad(SCRIPT);
        }
        return connection;
    }

    @Override
    public Verdict takeAll(List<Bucket> buckets, boolean failOpen) {
        if (buckets.isEmpty()) {
            return Verdict.allow();
        }
        String[] keys = new String[buckets.size()];
        String[] args = new String[buckets.size() * 2];
        for (int i = 0; i < buckets.size(); i++) {
            Limit limit = buckets.get(i).limit();
            keys[i] = prefix + buckets.get(i).key() + "|" + limit.requests() + "/" + limit.window().toSeconds();
            args[2 * i] = Long.toString(limit.requests());
            args[2 * i + 1] = Long.toString(limit.window().toMillis());
        }
        try {
            List<Long> answer = run(keys, args);
            health = "ok (redis)";
            return new Verdict(answer.get(0) == 1, answer.get(1), answer.get(2).intValue());
        } catch (RuntimeException e) {
            health = "degraded: redis unreachable (" + e.getClass().getSimpleName() + "), failing "
                    + "open for authenticated callers, closed for anonymous ones";
            LOG.warn("Rate limit buckets unreachable; {} the request: {}", failOpen ? "letting through" : "refusing", e.toString());
            return new Verdict(failOpen, failOpen ? 0 : 1_000, failOpen ? -1 : 0);
        }
    }

    private List<Long> run(String[] keys, String[] args) {
        StatefulRedisConnection<String, String> redis = connection();
        try {
            return redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis restarted or its script cache was flushed: load the script again, once
            synchronized (this) {
                sha = redis.sync().scriptLoad(SCRIPT);
            }
            return redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
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
