package dev.zen.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.gateway.core.RateLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared token buckets against a real Redis ({@code ZEN_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}; {@code .ci/run} starts one if none runs).
 */
class RedisRateLimiterIT {

    private static final RedisURI REDIS = RedisURI.create(System.getenv().getOrDefault("ZEN_TEST_REDIS_URL", "redis://127.0.0.1:6379"));

    private final String prefix = "test." + UUID.randomUUID() + ".";

    @Test
    void shouldShareOneBucketBetweenTwoReplicasAndRefuseTheNPlusFirstCall() {
        RateLimiter.Limit three = new RateLimiter.Limit(3, Duration.ofMinutes(1));
        try (RedisRateLimiter first = new RedisRateLimiter(REDIS, prefix); RedisRateLimiter second = new RedisRateLimiter(REDIS, prefix)) {
            assertThat(first.take("caller:alice", three, false).allowed()).isTrue();
            assertThat(second.take("caller:alice", three, false).allowed()).isTrue();
            assertThat(first.take("caller:alice", three, false).allowed()).isTrue();
            RateLimiter.Verdict fourth = second.take("caller:alice", three, false);
            assertThat(fourth.allowed()).isFalse();
            assertThat(fourth.refused()).isZero();
            assertThat(fourth.retryAfterMillis()).as("one token comes back every 20 s").isBetween(15_000L, 20_000L);
            assertThat(first.take("caller:bob", three, false).allowed()).as("another caller's bucket").isTrue();
            assertThat(first.health()).isEqualTo("ok (redis)");
        }
    }

    @Test
    void shouldTakeFromAllBucketsOrNoneAndSayWhichOneWasEmpty() {
        RateLimiter.Bucket wide = new RateLimiter.Bucket("caller:carol", new RateLimiter.Limit(10, Duration.ofMinutes(1)));
        RateLimiter.Bucket narrow = new RateLimiter.Bucket("role:slow:tool:carol", new RateLimiter.Limit(1, Duration.ofHours(1)));
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix)) {
            assertThat(limiter.takeAll(List.of(wide, narrow), false).allowed()).isTrue();
            RateLimiter.Verdict second = limiter.takeAll(List.of(wide, narrow), false);
            assertThat(second.allowed()).isFalse();
            assertThat(second.refused()).as("the narrow bucket is the empty one").isEqualTo(1);
            assertThat(second.retryAfterMillis()).isGreaterThan(Duration.ofMinutes(59).toMillis());
            for (int i = 0; i < 9; i++) {
                assertThat(limiter.takeAll(List.of(wide), false).allowed()).as("refused calls took nothing from the wide bucket (call %d)", i)
                        .isTrue();
            }
            assertThat(limiter.takeAll(List.of(wide), false).allowed()).isFalse();
        }
    }

    @Test
    void shouldRefillGraduallyAndForgetAFullBucket() throws Exception {
        RateLimiter.Limit twoPerSecond = new RateLimiter.Limit(2, Duration.ofSeconds(1));
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix)) {
            assertThat(limiter.take("caller:dave", twoPerSecond, false).allowed()).isTrue();
            assertThat(limiter.take("caller:dave", twoPerSecond, false).allowed()).isTrue();
            assertThat(limiter.take("caller:dave", twoPerSecond, false).allowed()).isFalse();
            Thread.sleep(600); // 0.6 s gives 1.2 tokens back
            assertThat(limiter.take("caller:dave", twoPerSecond, false).allowed()).isTrue();
            assertThat(limiter.take("caller:dave", twoPerSecond, false).allowed()).isFalse();
        }
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            Thread.sleep(1_100);
            assertThat(connection.sync().keys(prefix + "*")).as("buckets that would be full again are gone").isEmpty();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldLoadItsScriptAgainWhenRedisForgotIt() {
        // a bucket of 2 is never reserved from (a token ahead would leave it under half): every call asks Redis
        RateLimiter.Limit limit = new RateLimiter.Limit(2, Duration.ofMinutes(1));
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix)) {
            assertThat(limiter.take("caller:erin", limit, false).allowed()).isTrue();
            RedisClient client = RedisClient.create(REDIS);
            try (var connection = client.connect()) {
                connection.sync().scriptFlush();
            } finally {
                client.shutdown();
            }
            assertThat(limiter.take("caller:erin", limit, false).allowed()).isTrue();
            assertThat(limiter.health()).isEqualTo("ok (redis)");
        }
    }

    @Test
    void shouldHoldOneTokenOfASmallBucketAheadOnlyWhileItIsMoreThanHalfFull() throws Exception {
        RateLimiter.Bucket small = new RateLimiter.Bucket("caller:ivan", new RateLimiter.Limit(10, Duration.ofHours(1)));
        assertThat(RedisRateLimiter.batchOf(small.limit())).isEqualTo(1);
        RedisClient client = RedisClient.create(REDIS);
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix); var redis = client.connect()) {
            String key = prefix + "ratelimit:caller:ivan|10/3600";
            assertThat(limiter.takeAll(List.of(small), false).allowed()).isTrue();
            // the first call took its token and one ahead in one trip
            assertThat(Double.parseDouble(redis.sync().hget(key, "tokens"))).isBetween(7.99, 8.01);
            assertThat(limiter.held(small)).isEqualTo(1);
            // the next call is served from the token held, and the next token is taken in the background
            assertThat(limiter.takeAll(List.of(small), false).allowed()).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limiter.held(small) == 1);
            assertThat(Double.parseDouble(redis.sync().hget(key, "tokens"))).isBetween(6.99, 7.01);
            int allowed = 2;
            while (limiter.takeAll(List.of(small), false).allowed()) {
                allowed++;
            }
            assertThat(allowed).as("exactly the bucket: the last half of it is asked of Redis call by call").isEqualTo(10);
            assertThat(limiter.held(small)).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldLetTwoReplicasTogetherThroughExactlyWhatASmallBucketHolds() {
        RateLimiter.Limit ten = new RateLimiter.Limit(10, Duration.ofHours(1));
        try (RedisRateLimiter first = new RedisRateLimiter(REDIS, prefix); RedisRateLimiter second = new RedisRateLimiter(REDIS, prefix)) {
            int allowed = 0;
            int refusedInARow = 0;
            for (int call = 0; refusedInARow < 6; call++) {
                RateLimiter.Verdict verdict = call % 2 == 0 ? first.take("caller:judy", ten, false) : second.take("caller:judy", ten, false);
                if (verdict.allowed()) {
                    allowed++;
                    refusedInARow = 0;
                } else {
                    refusedInARow++;
                }
            }
            assertThat(allowed).as("the N+1st call over both replicas is refused, and none before it").isEqualTo(10);
        }
    }

    @Test
    void shouldServeALargeBucketFromAReservationAndTopItUpBeforeItRunsOut() throws Exception {
        // 20,000 per hour: a replica reserves 20 tokens at a time (0.1 %)
        RateLimiter.Bucket large = new RateLimiter.Bucket("caller:frank", new RateLimiter.Limit(20_000, Duration.ofHours(1)));
        assertThat(RedisRateLimiter.batchOf(large.limit())).isEqualTo(20);
        RedisClient client = RedisClient.create(REDIS);
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix); var redis = client.connect()) {
            String key = prefix + "ratelimit:caller:frank|20000/3600";
            assertThat(limiter.takeAll(List.of(large), false).allowed()).isTrue();
            // the first call took its token and a reservation of 20 in one trip
            assertThat(Double.parseDouble(redis.sync().hget(key, "tokens"))).isBetween(19_979.0, 19_980.0);
            assertThat(limiter.held(large)).isEqualTo(20);
            for (int i = 0; i < 10; i++) {
                assertThat(limiter.takeAll(List.of(large), false).allowed()).isTrue();
            }
            // ten calls from the reservation: Redis was not asked (its bucket only refilled)
            assertThat(Double.parseDouble(redis.sync().hget(key, "tokens"))).isBetween(19_979.0, 19_981.0);
            assertThat(limiter.held(large)).isEqualTo(10);
            // the next one leaves it under half: it is topped up in the background
            assertThat(limiter.takeAll(List.of(large), false).allowed()).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limiter.held(large) == 29);
            assertThat(Double.parseDouble(redis.sync().hget(key, "tokens"))).isBetween(19_959.0, 19_961.0);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldNeverLetTwoReplicasTogetherThroughMoreThanALargeBucketHolds() {
        // 10,000 per hour (reservations of 10), called on both replicas in turn until both refuse
        RateLimiter.Limit limit = new RateLimiter.Limit(10_000, Duration.ofHours(1));
        try (RedisRateLimiter first = new RedisRateLimiter(REDIS, prefix); RedisRateLimiter second = new RedisRateLimiter(REDIS, prefix)) {
            long started = System.nanoTime();
            long allowed = 0;
            int refusedInARow = 0;
            while (refusedInARow < 20) {
                RateLimiter.Verdict verdict = (allowed + refusedInARow) % 2 == 0 ? first.take("caller:grace", limit, false)
                        : second.take("caller:grace", limit, false);
                if (verdict.allowed()) {
                    allowed++;
                    refusedInARow = 0;
                } else {
                    refusedInARow++;
                    assertThat(verdict.retryAfterMillis()).isPositive();
                }
            }
            // the bucket refills at 10,000 per hour (2.8 per second) while this runs
            double refilled = (System.nanoTime() - started) / 1e9 * 10_000 / 3600;
            assertThat((double) allowed).as("never more than the shared bucket gave").isLessThanOrEqualTo(10_000 + refilled + 1);
            assertThat((double) allowed).as("and short of it by at most what the replicas held reserved").isGreaterThanOrEqualTo(10_000 - 30);
        }
    }

    @Test
    void shouldGiveAReservedTokenBackWhenAnotherBucketOfTheCallRefuses() {
        RateLimiter.Bucket large = new RateLimiter.Bucket("caller:heidi", new RateLimiter.Limit(10_000, Duration.ofHours(1)));
        RateLimiter.Bucket narrow = new RateLimiter.Bucket("role:slow:tool:heidi", new RateLimiter.Limit(1, Duration.ofHours(1)));
        try (RedisRateLimiter limiter = new RedisRateLimiter(REDIS, prefix)) {
            assertThat(limiter.takeAll(List.of(large, narrow), false).allowed()).isTrue();
            assertThat(limiter.held(large)).isEqualTo(10);
            RateLimiter.Verdict refused = limiter.takeAll(List.of(large, narrow), false);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.refused()).as("the index is the call's, not the round trip's").isEqualTo(1);
            assertThat(limiter.held(large)).as("the large bucket's token came back").isEqualTo(10);
        }
    }
}
