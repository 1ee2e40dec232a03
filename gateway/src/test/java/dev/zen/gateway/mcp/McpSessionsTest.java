package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class McpSessionsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void shouldForgetIdleSessionsButKeepThoseWithAnOpenStream() throws InterruptedException {
        McpSessions sessions = new McpSessions(Duration.ofMillis(20));
        McpSession idle = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());
        McpSession streaming = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());
        streaming.openStream();
        Thread.sleep(50);

        McpSession fresh = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode());

        assertThat(sessions.find(idle.id())).isNull();
        assertThat(idle.closed()).isTrue();
        assertThat(sessions.find(streaming.id())).isSameAs(streaming);
        assertThat(sessions.find(fresh.id())).isSameAs(fresh);
    }

    @Test
    void shouldIssueUnguessableVisibleAsciiIds() {
        McpSessions sessions = new McpSessions(Duration.ofHours(1));

        String a = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode()).id();
        String b = sessions.create("2025-11-25", JSON.objectNode(), JSON.objectNode()).id();

        assertThat(a).isNotEqualTo(b).hasSize(43).matches("[A-Za-z0-9_-]+");
    }
}
