package dev.zen.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.gateway.core.IdempotencyClaims;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency claims against a real Redis ({@code ZEN_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379}). */
class RedisIdempotencyClaimsIT {

    private static final RedisURI REDIS = RedisURI.create(System.getenv().getOrDefault("ZEN_TEST_REDIS_URL", "redis://127.0.0.1:6379"));

    @Test
    void shouldLetExactlyOneOfTwoReplicasRacingOnTheSameKeyClaimIt() throws Exception {
        String prefix = "test." + UUID.randomUUID() + ".";
        try (RedisIdempotencyClaims a = new RedisIdempotencyClaims(REDIS, prefix); RedisIdempotencyClaims b = new RedisIdempotencyClaims(REDIS, prefix);
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 20; round++) {
                String id = "job-" + round;
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    IdempotencyClaims replica = i % 2 == 0 ? a : b;
                    racers.add(pool.submit((Callable<Boolean>) () -> replica.claim(id, Duration.ofMinutes(1))));
                }
                int winners = 0;
                for (Future<Boolean> racer : racers) {
                    winners += racer.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
            a.release("job-0");
            assertThat(b.claim("job-0", Duration.ofMinutes(1))).as("a released claim can be taken again").isTrue();
        }
    }

    @Test
    void shouldLetExactlyOneRacerClaimInProcessToo() throws Exception {
        IdempotencyClaims claims = IdempotencyClaims.inProcess();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                racers.add(pool.submit((Callable<Boolean>) () -> claims.claim("same", Duration.ofMinutes(1))));
            }
            int winners = 0;
            for (Future<Boolean> racer : racers) {
                winners += racer.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
        assertThat(claims.claim("short", Duration.ofMillis(1))).isTrue();
        Thread.sleep(5);
        assertThat(claims.claim("short", Duration.ofMinutes(1))).as("an expired claim can be taken again").isTrue();
    }
}
