package dev.zen.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ArgumentRedactorTest {

    private final RecordCodec codec = RecordCodec.shared();

    private JsonNode json(String text) {
        return codec.tree(text.getBytes());
    }

    @Test
    void shouldKeepKeysAndReplaceSensitiveValuesByTheirHash() {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
                + "\"token\":{\"type\":\"string\",\"x-zen-sensitive\":true}}}");

        JsonNode redacted = ArgumentRedactor.redact(json("{\"path\":\"a.txt\",\"token\":\"s3cr3t-value\"}"), schema);

        assertThat(redacted.path("path").asString()).isEqualTo("a.txt");
        assertThat(redacted.path("token").asString())
                .startsWith("sha256:")
                .isEqualTo(ArgumentRedactor.redact(json("{\"token\":\"s3cr3t-value\"}"), schema).path("token").asString());
        assertThat(redacted.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void shouldNeverCopyContentOnlyItsSize() {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"content\":{\"type\":\"string\",\"x-zen-content\":true}}}");

        JsonNode redacted = ArgumentRedactor.redact(json("{\"content\":\"héllo\",\"note\":\"" + "x".repeat(300) + "\"}"), schema);

        assertThat(redacted.path("content").asString()).isEqualTo("[omitted: 6 bytes]");
        assertThat(redacted.path("note").asString()).isEqualTo("[omitted: 300 bytes]");
    }

    @Test
    void shouldFollowNestedObjectsAndArrays() {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                + "\"properties\":{\"password\":{\"x-zen-sensitive\":true}}}},"
                + "\"headers\":{\"type\":\"object\",\"additionalProperties\":{\"x-zen-sensitive\":true}}}}");

        JsonNode redacted = ArgumentRedactor.redact(json("{\"rows\":[{\"user\":\"u\",\"password\":\"p1\"}],"
                + "\"headers\":{\"Authorization\":\"Bearer abc\"}}"), schema);

        assertThat(redacted.path("rows").path(0).path("user").asString()).isEqualTo("u");
        assertThat(redacted.path("rows").path(0).path("password").asString()).startsWith("sha256:");
        assertThat(redacted.path("headers").path("Authorization").asString()).startsWith("sha256:");
        assertThat(redacted.toString()).doesNotContain("p1").doesNotContain("Bearer abc");
    }

    @Test
    void shouldAcceptATheSensitiveKeywordInAToolSchemaWhenValidatingArguments() {
        JsonNode schema = json("{\"type\":\"object\",\"required\":[\"token\"],\"properties\":{\"token\":{\"type\":\"string\","
                + "\"x-zen-sensitive\":true}}}");

        var compiled = new RecordValidator(codec).compile(schema);

        assertThat(compiled.validate(json("{\"token\":\"t\"}"))).isEmpty();
        assertThat(compiled.validate(json("{}"))).isNotEmpty();
    }

    @Test
    void shouldRefuseAnEventWithoutTypeNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditEvent.builder(null, "gateway:g", 1).build())
                .hasMessageContaining("type");
    }
}
