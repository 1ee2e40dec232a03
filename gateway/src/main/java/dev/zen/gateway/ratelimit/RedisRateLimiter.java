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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every gateway replica: a caller's limit holds however its
 * requests are spread. All the buckets of one request are checked and taken in <em>one</em> Lua
 * script, so a call costs at most one round trip and concurrent calls never conflict (Bucket4j's
 * Redis proxy is compare-and-swap: two round trips per bucket and retries on a hot key;
 * docs/security.md).
 *
 * <p>A call does not wait for Redis when its replica holds a {@link Reservation}: tokens taken from
 * the shared bucket ahead of need and topped up in the background, so that the round trip (the whole
 * measured cost of the security layers, docs/benchmarks.md) leaves the call path. A large bucket
 * ({@value #RESERVE_FROM} requests or more per window) is reserved from in batches of 0.1 % (at most
 * {@value #MAX_BATCH} tokens); a smaller one, where one token matters, one token at a time and only
 * while the bucket is more than half full, so that near its end every call asks Redis and the
 * limit is exact. Every token let through was taken from the shared bucket first, so no replica
 * lets more through than the bucket gave; a replica can refuse early by what other replicas hold
 * reserved (for a small bucket: only once a caller has spent half of it on other replicas while
 * one held a token), and can let a burst through that is larger by what it held when the burst
 * began (at most 1.5 batches).
 *
 * <p>When Redis cannot be reached, a request is let through or refused as the caller's fail mode
 * says, and {@link #health()} says so. Thread safe.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    /** The smallest bucket (requests per window) served from reservations. */
    static final long RESERVE_FROM = 10_000;

    /** How many reservations are kept before those of callers not seen for a window are forgotten. */
    static final int MAX_RESERVATIONS = 10_000;

    /** How often, at most, the reservations are swept (a sweep walks them all). */
    private static final long SWEEP_EVERY_MS = 1_000;

    /** The largest reservation, in tokens. */
    static final long MAX_BATCH = 1_000;

    /** Arguments the script takes per bucket. */
    private static final int ARGS = 5;

    /**
     * KEYS: the buckets; ARGV per bucket: capacity, window in ms, tokens needed (1 for a call, 0 for a
     * reservation alone), tokens wanted beyond that (a reservation), and how many a reservation must
     * leave in the bucket (half of a small one, else 0). A bucket is a hash of its tokens
     * (fractional) and when they were counted, refilled greedily at capacity/window per ms, and
     * removed once it would be full again. When every bucket has what is needed, takes it and as much
     * of what is wanted as there is, and returns {1, 0, -1, reserved per bucket...}; else
     * {0, ms until the emptiest one has what is needed, its index} and takes nothing.
     */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local tokens = {}
            for i, key in ipairs(KEYS) do
              local capacity = tonumber(ARGV[5 * i - 4])
              local window = tonumber(ARGV[5 * i - 3])
              local need = tonumber(ARGV[5 * i - 2])
              local state = redis.call('HMGET', key, 'tokens', 'at')
              local have = capacity
              if state[1] then
                have = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * capacity / window)
              end
              if have < need then
                return {0, math.ceil((need - have) * window / capacity), i - 1}
              end
              tokens[i] = have
            end
            local answer = {1, 0, -1}
            for i, key in ipairs(KEYS) do
              local need = tonumber(ARGV[5 * i - 2])
              local reserved = math.max(0, math.min(tonumber(ARGV[5 * i - 1]), math.floor(tokens[i] - need - tonumber(ARGV[5 * i]))))
              redis.call('HSET', key, 'tokens', tostring(tokens[i] - need - reserved), 'at', now)
              redis.call('PEXPIRE', key, tonumber(ARGV[5 * i - 3]))
              answer[3 + i] = reserved
            end
            return answer
            """;

    private final RedisClient client;
    private final String prefix;
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();
    private StatefulRedisConnection<String, String> connection;
    private volatile String sha;
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

    /** How many tokens a replica reserves of a bucket of {@code limit} at a time. */
    static long batchOf(Limit limit) {
        return limit.requests() < RESERVE_FROM ? 1 : Math.min(MAX_BATCH, limit.requests() / 1_000);
    }

    /** How many tokens a reservation must leave in a bucket of {@code limit}: half of a small one. */
    static long keptOf(Limit limit) {
        return limit.requests() < RESERVE_FROM ? limit.requests() / 2 : 0;
    }

    @Override
    public Verdict takeAll(List<Bucket> buckets, boolean failOpen) {
        if (buckets.isEmpty()) {
            return Verdict.allow();
        }
        int n = buckets.size();
        long now = System.currentTimeMillis();
        String[] keys = new String[n];
        Reservation[] reserved = new Reservation[n];
        boolean[] local = new boolean[n];
        int remote = 0;
        for (int i = 0; i < n; i++) {
            Limit limit = buckets.get(i).limit();
            keys[i] = keyOf(buckets.get(i));
            reserved[i] = reservations.computeIfAbsent(keys[i], k -> new Reservation(batchOf(limit), limit.window().toMillis()));
            local[i] = reserved[i].take(now);
            remote += local[i] ? 0 : 1;
        }
        if (remote == 0) {
            for (int i = 0; i < n; i++) {
                topUp(keys[i], buckets.get(i).limit(), reserved[i]);
            }
            return Verdict.allow();
        }
        // the buckets the reservations could not serve go to Redis; an empty reservation is refilled in the same trip
        long due = nextSweep.get();
        if (reservations.size() > MAX_RESERVATIONS && now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MS)) {
            // callers not seen for a window; every caller of a small bucket has one too, so this is not done on every call
            reservations.values().removeIf(r -> r.expired(now));
        }
        String[] remoteKeys = new String[remote];
        String[] args = new String[remote * ARGS];
        int[] index = new int[remote];
        boolean[] asks = new boolean[remote];
        for (int i = 0, r = 0; i < n; i++) {
            if (local[i]) {
                continue;
            }
            Limit limit = buckets.get(i).limit();
            asks[r] = reserved[i].startTopUp(now); // unless another call is already asking for more
            remoteKeys[r] = keys[i];
            args[ARGS * r] = Long.toString(limit.requests());
            args[ARGS * r + 1] = Long.toString(limit.window().toMillis());
            args[ARGS * r + 2] = "1";
            args[ARGS * r + 3] = Long.toString(asks[r] ? reserved[i].batch() : 0);
            args[ARGS * r + 4] = Long.toString(keptOf(limit));
            index[r++] = i;
        }
        List<Long> answer;
        try {
            answer = run(remoteKeys, args);
            health = "ok (redis)";
        } catch (RuntimeException e) {
            giveBack(reserved, local, index, asks);
            health = "degraded: redis unreachable (" + e.getClass().getSimpleName() + "), failing "
                    + "open for authenticated callers, closed for anonymous ones";
            LOG.warn("Rate limit buckets unreachable; {} the request: {}", failOpen ? "letting through" : "refusing", e.toString());
            return new Verdict(failOpen, failOpen ? 0 : 1_000, failOpen ? -1 : 0);
        }
        if (answer.get(0) != 1) {
            giveBack(reserved, local, index, asks); // all or none: a refused call takes nothing from the reservations either
            return new Verdict(false, answer.get(1), index[answer.get(2).intValue()]);
        }
        for (int r = 0; r < remote; r++) {
            if (asks[r]) {
                reserved[index[r]].toppedUp(answer.get(3 + r), now);
            }
        }
        for (int i = 0; i < n; i++) {
            if (local[i]) {
                topUp(keys[i], buckets.get(i).limit(), reserved[i]);
            }
        }
        return Verdict.allow();
    }

    /** Returns the tokens a refused (or unanswered) call took from its reservations and ends its requests for more. */
    private static void giveBack(Reservation[] reserved, boolean[] local, int[] index, boolean[] asks) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < reserved.length; i++) {
            if (local[i]) {
                reserved[i].giveBack();
            }
        }
        for (int r = 0; r < index.length; r++) {
            if (asks[r]) {
                reserved[index[r]].toppedUp(0, now);
            }
        }
    }

    /** Tops a reservation up in the background once it is half used, so that no call waits for it. */
    private void topUp(String key, Limit limit, Reservation reservation) {
        if (!reservation.startTopUp(System.currentTimeMillis())) {
            return;
        }
        try {
            connection().async().<List<Long>>evalsha(sha, ScriptOutputType.MULTI, new String[] {key}, Long.toString(limit.requests()),
                    Long.toString(limit.window().toMillis()), "0", Long.toString(reservation.batch()), Long.toString(keptOf(limit)))
                    .whenComplete((answer, error) -> {
                        if (error != null) {
                            // Redis is away or forgot the script: the reservation runs down, then calls ask Redis themselves
                            reservation.toppedUp(0, System.currentTimeMillis());
                            if (!(error instanceof RedisNoScriptException)) {
                                health = "degraded: redis unreachable (" + error.getClass().getSimpleName() + "), serving from "
                                        + "reservations, then failing open for authenticated callers, closed for anonymous ones";
                            }
                            LOG.debug("Topping up a rate limit reservation failed: {}", error.toString());
                        } else {
                            reservation.toppedUp(answer.size() > 3 ? answer.get(3) : 0, System.currentTimeMillis());
                        }
                    });
        } catch (RuntimeException e) {
            reservation.toppedUp(0, System.currentTimeMillis());
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

    /** The bucket's Redis key: a changed limit is a new bucket. */
    private String keyOf(Bucket bucket) {
        return prefix + bucket.key() + "|" + bucket.limit().requests() + "/" + bucket.limit().window().toSeconds();
    }

    /** Tokens this replica holds reserved of {@code bucket}, for tests. */
    long held(Bucket bucket) {
        Reservation reservation = reservations.get(keyOf(bucket));
        return reservation == null ? 0 : reservation.held();
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
