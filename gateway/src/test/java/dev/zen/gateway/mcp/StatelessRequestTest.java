package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.RecordCodec;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatelessRequestTest {

    static final String META = "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}},\"name\":\"t\",\"arguments\":{\"region\":\"eu\",\"n\":5}}";

    static JsonNode json(String text) {
        return RecordCodec.shared().tree(text.getBytes());
    }

    static StatelessRequest.Headers headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    static int code(Runnable validation) {
        try {
            validation.run();
            return 0;
        } catch (JsonRpcException e) {
            return e.code();
        }
    }

    @Test
    void shouldTellTheRevisionsApartByMetaOrVersionHeader() {
        assertThat(StatelessRequest.applies(null, json(META))).isTrue();
        assertThat(StatelessRequest.applies("2026-07-28", json("{}"))).isTrue();
        assertThat(StatelessRequest.applies("2025-11-25", json("{}"))).isFalse();
        assertThat(StatelessRequest.applies(null, json("{}"))).isFalse();
    }

    @Test
    void shouldCheckInTheOrderTheRevisionAndItsSuiteUse() {
        JsonNode params = json(META);
        assertThat(code(() -> StatelessRequest.validate(headers("Mcp-Method", "tools/call", "Mcp-Name", "t"), "tools/call", params)))
                .isEqualTo(-32020);
        assertThat(code(() -> StatelessRequest.validate(headers("MCP-Protocol-Version", "2026-07-28"), "tools/call", json("{}"))))
                .isEqualTo(-32602);
        assertThat(code(() -> StatelessRequest.validate(headers("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/call",
                "Mcp-Name", "t"), "tools/call", params))).isEqualTo(-32020);
        assertThat(code(() -> StatelessRequest.validate(headers("MCP-Protocol-Version", "v9", "Mcp-Method", "tools/call"), "tools/call",
                json(META.replace("2026-07-28", "v9"))))).isEqualTo(-32022);
        assertThat(code(() -> StatelessRequest.validate(headers("MCP-Protocol-Version", "2026-07-28", "mcp-method", "tools/call",
                "mcp-name", "  t  "), "tools/call", params))).isZero();
        assertThat(code(() -> StatelessRequest.validate(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call"),
                "tools/call", params))).isEqualTo(-32020);
    }

    @Test
    void shouldDecodeOnlyStrictlyPaddedBase64AndTakeHalfWrappedValuesLiterally() {
        assertThat(StatelessRequest.decode("=?base64?SGVsbG8=?=")).isEqualTo("Hello");
        assertThat(StatelessRequest.decode("=?base64?SGVsbG8=")).isEqualTo("=?base64?SGVsbG8=");
        assertThatThrownBy(() -> StatelessRequest.decode("=?base64?SGVsbG8?=")).hasMessageContaining("padded");
        assertThatThrownBy(() -> StatelessRequest.decode("=?base64?SGVs!!!bG8=?=")).hasMessageContaining("base64");
    }

    @Test
    void shouldRequireParamHeadersThatMatchTheirArguments() {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"n\":{\"type\":\"integer\",\"x-mcp-header\":\"N\"},\"other\":{\"type\":\"string\"}}}");
        JsonNode arguments = json(META).path("arguments");

        assertThat(code(() -> StatelessRequest.checkParamHeaders(headers("Mcp-Param-Region", "eu", "Mcp-Param-N", "5.0"), schema,
                arguments))).isZero();
        assertThat(code(() -> StatelessRequest.checkParamHeaders(headers("Mcp-Param-Region", "us", "Mcp-Param-N", "5"), schema,
                arguments))).isEqualTo(-32020);
        assertThat(code(() -> StatelessRequest.checkParamHeaders(headers("Mcp-Param-N", "5"), schema, arguments))).isEqualTo(-32020);
        assertThat(code(() -> StatelessRequest.checkParamHeaders(headers(), schema, json("{}")))).isZero();
    }
}
