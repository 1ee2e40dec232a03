package dev.zen.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.gateway.core.CallLimits;
import dev.zen.gateway.core.RateLimited;
import dev.zen.gateway.core.RateLimiter;
import dev.zen.schemas.Principal;
import dev.zen.gateway.policy.PolicyFile;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimiterTest {

    @Test
    void shouldParseTheLimitsOfThePolicyAndRefuseNonsense() {
        assertThat(RateLimiter.Limit.parse("5/1m")).isEqualTo(new RateLimiter.Limit(5, Duration.ofMinutes(1)));
        assertThat(RateLimiter.Limit.parse("100/m")).isEqualTo(new RateLimiter.Limit(100, Duration.ofMinutes(1)));
        assertThat(RateLimiter.Limit.parse("10/30s")).isEqualTo(new RateLimiter.Limit(10, Duration.ofSeconds(30)));
        assertThat(RateLimiter.Limit.parse("1000/2h")).isEqualTo(new RateLimiter.Limit(1000, Duration.ofHours(2)));
        assertThatThrownBy(() -> RateLimiter.Limit.parse("lots")).hasMessageContaining("5/1m");
        assertThatThrownBy(() -> RateLimiter.Limit.parse("0/1m")).hasMessageContaining("positive");
    }

    @Test
    void shouldLetTheBucketsWorthThroughThenSayWhenToRetry() {
        LocalRateLimiter limiter = new LocalRateLimiter();
        RateLimiter.Limit limit = new RateLimiter.Limit(2, Duration.ofMinutes(1));

        assertThat(limiter.take("a", limit, false).allowed()).isTrue();
        assertThat(limiter.take("a", limit, false).allowed()).isTrue();
        RateLimiter.Verdict third = limiter.take("a", limit, false);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfterMillis()).isBetween(1L, 30_000L);
        assertThat(limiter.take("b", limit, false).allowed()).as("another caller's bucket").isTrue();
    }

    @Test
    void shouldTakeFromAllBucketsOrNoneInProcessToo() {
        LocalRateLimiter limiter = new LocalRateLimiter();
        RateLimiter.Bucket wide = new RateLimiter.Bucket("wide", new RateLimiter.Limit(3, Duration.ofMinutes(1)));
        RateLimiter.Bucket narrow = new RateLimiter.Bucket("narrow", new RateLimiter.Limit(1, Duration.ofHours(1)));

        assertThat(limiter.takeAll(List.of(wide, narrow), false).allowed()).isTrue();
        RateLimiter.Verdict refused = limiter.takeAll(List.of(wide, narrow), false);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refused()).isEqualTo(1);
        assertThat(limiter.takeAll(List.of(wide), false).allowed()).as("the refused call gave its token back").isTrue();
        assertThat(limiter.takeAll(List.of(wide), false).allowed()).isTrue();
        assertThat(limiter.takeAll(List.of(wide), false).allowed()).isFalse();
    }

    @Test
    void shouldApplyTheCallersLimitAndEachOfItsRolesLimitsOnTheTool(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "roles:\n  reader:\n    tools: [fast]\n  slowpoke:\n    tools: [slow]\n    rate_limit: 1/1m\n");
        try (PolicyFile policy = new PolicyFile(file)) {
            CallLimits limits = new CallLimits(new LocalRateLimiter(), Optional.of(new RateLimiter.Limit(3, Duration.ofMinutes(1))), policy);
            Principal alice = new Principal("alice", List.of("reader", "slowpoke"), null);

            limits.take(alice, "slow");
            assertThatThrownBy(() -> limits.take(alice, "slow")).isInstanceOf(RateLimited.class).hasMessageContaining("role slowpoke");
            limits.take(alice, "fast");
            limits.take(alice, "fast"); // the refused call took nothing from alice's own bucket
            assertThatThrownBy(() -> limits.take(alice, "fast")).isInstanceOf(RateLimited.class).hasMessageContaining("'alice'");
            limits.take(new Principal("bob", List.of("slowpoke"), null), "slow");
        }
    }

    @Test
    void shouldFailClosedForAnonymousAndOpenForAuthenticatedCallersWhenRedisIsGone() {
        try (RedisRateLimiter limiter = new RedisRateLimiter(RedisURI.builder().withHost("127.0.0.1").withPort(1)
                .withTimeout(Duration.ofMillis(200)).build(), "test.")) {
            assertThat(limiter.take("x", new RateLimiter.Limit(5, Duration.ofMinutes(1)), true).allowed()).isTrue();
            assertThat(limiter.take("x", new RateLimiter.Limit(5, Duration.ofMinutes(1)), false).allowed()).isFalse();
            assertThat(limiter.health()).startsWith("degraded");
        }
    }
}
