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
        RateLimiter.Limit limit = new RateLimiter.Limit(5, Duration.ofMinutes(1));
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
}
