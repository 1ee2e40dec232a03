package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.RecordCodec;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The contract against a real Redis: the machine's ({@code ZEN_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}; {@code .ci/run} starts one if none runs). Then what a second
 * replica sees of the first one's sessions while it serves them from what it read (client-side
 * caching with Redis invalidations).
 */
class RedisSessionStoreIT extends SessionStoreContract {

    private static final RedisURI REDIS = RedisURI.create(System.getenv().getOrDefault("ZEN_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
    private static final String PREFIX = "zen-test-" + UUID.randomUUID() + ".";
    private static final Duration IDLE = Duration.ofMinutes(1);

    private static RedisSessionStore store;
    private static RedisSessionStore replica;

    @BeforeAll
    static void connect() {
        store = new RedisSessionStore(REDIS, PREFIX, RecordCodec.shared());
        replica = new RedisSessionStore(REDIS, PREFIX, RecordCodec.shared());
    }

    @AfterAll
    static void close() {
        store.close();
        replica.close();
    }

    @Override
    SessionStore store() {
        return store;
    }

    private static SessionState session() {
        return new SessionState(UUID.randomUUID().toString(), "2025-06-18", JsonNodeFactory.instance.objectNode().put("name", "client"),
                JsonNodeFactory.instance.objectNode(), true, 42, null, null);
    }

    @Test
    void shouldServeASteadySessionWithoutAskingRedisOnEveryRequest() {
        SessionState saved = session();
        store.save(saved, IDLE);
        long before = replica.reads();
        for (int i = 0; i < 100; i++) {
            assertThat(replica.find(saved.id(), IDLE)).contains(saved);
        }
        // read once (and its idle clock restarted, which Redis reports as a change of the key), then again once or twice until
        // a read is not overtaken by that report
        assertThat(replica.reads() - before).as("reads of Redis for 100 requests").isLessThanOrEqualTo(3);
    }

    /** Waits until the replica answers for the session without reading Redis. */
    private static void servedFromWhatItKnows(SessionState saved) {
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            long reads = replica.reads();
            return replica.find(saved.id(), IDLE).equals(Optional.of(saved)) && replica.reads() == reads;
        });
    }

    @Test
    void shouldSeeAnotherReplicasChangeAndDeleteOfASessionItKnows() {
        SessionState saved = session();
        store.save(saved, IDLE);
        servedFromWhatItKnows(saved);

        SessionState changed = saved.withLogLevel("debug");
        store.save(changed, IDLE);
        await().atMost(Duration.ofSeconds(2)).until(() -> replica.find(saved.id(), IDLE).equals(Optional.of(changed)));

        store.delete(saved.id());
        await().atMost(Duration.ofSeconds(2)).until(() -> replica.find(saved.id(), IDLE).isEmpty());
    }

    @Test
    void shouldForgetWhatItKnewWhenItsConnectionDrops() {
        SessionState saved = session();
        store.save(saved, IDLE);
        servedFromWhatItKnows(saved);
        RedisClient admin = RedisClient.create(REDIS);
        try (var connection = admin.connect()) {
            // Redis forgets what the dropped connection tracked, so no invalidation would reach the replica any more
            connection.sync().clientKill(KillArgs.Builder.id(replica.clientId()));
            SessionState changed = saved.withLogLevel("error");
            store.save(changed, IDLE);
            await().atMost(Duration.ofSeconds(5)).until(() -> replica.find(saved.id(), IDLE).equals(Optional.of(changed)));
        } finally {
            admin.shutdown();
        }
    }
}
