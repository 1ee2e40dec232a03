package dev.zen.gateway.mcp;

import dev.zen.schemas.RecordCodec;
import io.lettuce.core.RedisURI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against a real Redis: the machine's ({@code ZEN_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}; {@code .ci/run} starts one if none runs).
 */
class RedisSessionStoreIT extends SessionStoreContract {

    private static RedisSessionStore store;

    @BeforeAll
    static void connect() {
        String url = System.getenv().getOrDefault("ZEN_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        store = new RedisSessionStore(RedisURI.create(url), "zen-test-" + UUID.randomUUID() + ".", RecordCodec.shared());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    SessionStore store() {
        return store;
    }
}
