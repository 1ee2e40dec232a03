package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class McpSessionsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void shouldForgetSessionsIdleLongerThanTheTimeout() throws InterruptedException {
        McpSessions sessions = new McpSessions(new InMemorySessionStore(), Duration.ofMillis(100));
        McpSession idle = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());
        McpSession used = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());

        for (int i = 0; i < 4; i++) {
            Thread.sleep(50);
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
