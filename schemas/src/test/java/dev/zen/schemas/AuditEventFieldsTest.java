package dev.zen.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class AuditEventFieldsTest {

    final RecordCodec codec = RecordCodec.shared();

    @Test
    void shouldReadTheSameFieldsAsAWholeDecodeAndSkipNestedOnes() {
        // given: an event with nested arguments and detail that hold look-alike field names
        var arguments = JsonNodeFactory.instance.objectNode().put("tool", "not-this").put("type", "nor-this");
        arguments.putObject("nested").put("durationMs", 99);
        AuditEvent event = AuditEvent.builder(AuditEvent.FAILED, "gateway:gw-1", 1_764_000_000_123L).callId("c-1").jobId("j-1")
                .tool("file_read").principal(new Principal("alice", List.of("user", "admin"), "acme")).outcome("tool_error")
                .errorCode("tool_error").durationMs(42L).arguments(arguments).detail(JsonNodeFactory.instance.objectNode().put("at", 5))
                .build();

        // when
        AuditEventFields fields = AuditEventFields.read(codec.encode(event));

        // then
        assertThat(fields).isEqualTo(new AuditEventFields("failed", "c-1", "j-1", "file_read", "alice", "tool_error", 42L,
                1_764_000_000_123L));
        assertThat(fields.ended()).isTrue();
        assertThat(fields.error()).isTrue();
        assertThat(fields.refused()).isFalse();
    }

    @Test
    void shouldLeaveMissingOptionalFieldsNull() {
        AuditEventFields fields = AuditEventFields.read("{\"type\":\"denied\",\"source\":\"gateway:x\",\"at\":7,\"future\":[1,{\"a\":2}]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(fields).isEqualTo(new AuditEventFields("denied", null, null, null, null, null, null, 7));
        assertThat(fields.refused()).isTrue();
        assertThat(fields.ended()).isFalse();
    }

    @Test
    void shouldRefuseWhatIsNotAnAuditEvent() {
        assertThatThrownBy(() -> AuditEventFields.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordDecodingException.class).hasMessageContaining("does not start with '{'");
        assertThatThrownBy(() -> AuditEventFields.read("{\"at\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordDecodingException.class).hasMessageContaining("with a type");
        assertThatThrownBy(() -> AuditEventFields.read("{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordDecodingException.class);
    }
}
