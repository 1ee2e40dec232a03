package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** What every {@link SessionStore} must do; run against the in-process and the Redis store. */
abstract class SessionStoreContract {

    abstract SessionStore store();

    private static SessionState state() {
        return new SessionState(UUID.randomUUID().toString(), "2025-06-18",
                JsonNodeFactory.instance.objectNode().put("name", "client").put("version", "1"),
                JsonNodeFactory.instance.objectNode().set("sampling", JsonNodeFactory.instance.objectNode()), false, 42, null, null);
    }

    @Test
    void shouldKeepEveryFieldOfASavedSession() {
        SessionState saved = state().withInitialized().withLogLevel("warning").withSubscription("test://a", true);
        store().save(saved, Duration.ofMinutes(1));

        assertThat(store().find(saved.id(), Duration.ofMinutes(1))).contains(saved);
    }

    @Test
    void shouldExpireASessionUnusedForItsIdleTime() throws InterruptedException {
        SessionState saved = state();
        store().save(saved, Duration.ofMillis(300));

        Thread.sleep(600);

        assertThat(store().find(saved.id(), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void shouldRenewTheIdleTimeOnEveryFind() throws InterruptedException {
        SessionState saved = state();
        store().save(saved, Duration.ofMillis(500));

        for (int i = 0; i < 4; i++) {
            Thread.sleep(250);
            assertThat(store().find(saved.id(), Duration.ofMillis(500))).isPresent();
        }
    }

    @Test
    void shouldDeleteOnceAndKnowNothingOfUnknownIds() {
        SessionState saved = state();
        store().save(saved, Duration.ofMinutes(1));

        assertThat(store().delete(saved.id())).isTrue();
        assertThat(store().delete(saved.id())).isFalse();
        assertThat(store().find(saved.id(), Duration.ofMinutes(1))).isEmpty();
        assertThat(store().find("never-issued", Duration.ofMinutes(1))).isEmpty();
    }
}
