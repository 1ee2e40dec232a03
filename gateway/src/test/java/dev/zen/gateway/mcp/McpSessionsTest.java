package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class McpSessionsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void shouldForgetSessionsIdleLongerThanTheTimeout() throws InterruptedException {
        // touched every 100 ms against a 2 s timeout: a loaded machine stretching one sleep 20-fold is the only way to flake
        McpSessions sessions = new McpSessions(new InMemorySessionStore(), Duration.ofMillis(2_000));
        McpSession idle = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());
        McpSession used = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());

        long until = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(100);
            assertThat(sessions.find(used.id())).isNotNull();
        }

        assertThat(sessions.find(idle.id())).isNull();
        assertThat(idle.closed()).isTrue();
        assertThat(sessions.find(used.id())).isSameAs(used);
    }

    @Test
    void shouldEndASessionOnce() {
        McpSessions sessions = new McpSessions(new InMemorySessionStore(), Duration.ofHours(1));
        McpSession session = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());

        assertThat(sessions.end(session.id())).isTrue();
        assertThat(sessions.end(session.id())).isFalse();
        assertThat(sessions.find(session.id())).isNull();
    }

    @Test
    void shouldIssueUnguessableVisibleAsciiIds() {
        McpSessions sessions = new McpSessions(new InMemorySessionStore(), Duration.ofHours(1));

        String a = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode()).id();
        String b = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode()).id();

        assertThat(a).isNotEqualTo(b).hasSize(43).matches("[A-Za-z0-9_-]+");
    }
}
