package dev.zen.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An MCP session (2025-11-25) opened by the bench itself ({@code initialize}, then
 * {@code notifications/initialized}) and handed to wrk as headers: every wrk row on a session
 * sends its calls with this session's id. Also makes the 2026-07-28 stateless requests, which need
 * no session. Each target is called once here first, so that a row whose call fails stops the bench
 * at once instead of measuring errors.
 */
final class McpSession {

    static final String SESSION_VERSION = "2025-11-25";
    static final String STATELESS_VERSION = "2026-07-28";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final Map<String, String> headers;

    private McpSession(String url, Map<String, String> headers) {
        this.url = url;
        this.headers = headers;
    }

    /** Opens a session on {@code url} with {@code credentials} (a bearer token or an API key header; may be empty). */
    static McpSession open(String url, Map<String, String> credentials) throws IOException, InterruptedException {
        Map<String, String> base = baseHeaders(credentials);
        HttpResponse<String> init = post(url, base, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"" + SESSION_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"zen-bench\",\"version\":\"1\"}}}");
        if (init.statusCode() != 200) {
            throw new IllegalStateException("Expected initialize at " + url + " to answer 200, but got " + init.statusCode() + ": "
                    + init.body());
        }
        Map<String, String> session = new LinkedHashMap<>(base);
        session.put("Mcp-Session-Id", init.headers().firstValue("Mcp-Session-Id").orElseThrow(
                () -> new IllegalStateException("Expected initialize at " + url + " to name a session, but it did not")));
        session.put("MCP-Protocol-Version", SESSION_VERSION);
        HttpResponse<String> initialized = post(url, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (initialized.statusCode() / 100 != 2) {
            throw new IllegalStateException("Expected notifications/initialized to be accepted, but got " + initialized.statusCode());
        }
        return new McpSession(url, session);
    }

    /** {@code tools/call} of {@code tool} with fixed arguments on this session, checked once. */
    Wrk.Target toolCall(String tool, String argumentsJson) throws IOException, InterruptedException {
        return checked(new Wrk.Target(url, headers, "{\"jsonrpc\":\"2.0\",\"id\":@ID@,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + argumentsJson + "}}", Wrk.Expect.RESULT));
    }

    /** {@code tools/call} of {@code tool} that asks for progress: the answer holds 10 notifications before the result. */
    Wrk.Target progressCall(String tool, String argumentsJson) throws IOException, InterruptedException {
        return checked(new Wrk.Target(url, headers, "{\"jsonrpc\":\"2.0\",\"id\":@ID@,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + argumentsJson + ",\"_meta\":{\"progressToken\":\"p@ID@\"}}}", Wrk.Expect.PROGRESS));
    }

    /** {@code ping}: the MCP round trip without any tool (for the gateway, without Kafka). */
    Wrk.Target ping() throws IOException, InterruptedException {
        return checked(new Wrk.Target(url, headers, "{\"jsonrpc\":\"2.0\",\"id\":@ID@,\"method\":\"ping\"}", Wrk.Expect.RESULT));
    }

    /**
     * The same {@code tools/call} in the 2026-07-28 revision: no session; version, capabilities and
     * client in every request ({@code _meta} and headers), checked once.
     */
    static Wrk.Target statelessCall(String url, String tool, String argumentsJson) throws IOException, InterruptedException {
        Map<String, String> headers = baseHeaders(Map.of());
        headers.put("MCP-Protocol-Version", STATELESS_VERSION);
        headers.put("Mcp-Method", "tools/call");
        headers.put("Mcp-Name", tool);
        return checked(new Wrk.Target(url, headers, "{\"jsonrpc\":\"2.0\",\"id\":@ID@,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + argumentsJson + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + STATELESS_VERSION + "\",\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"zen-bench\",\"version\":\"1\"}}}}", Wrk.Expect.RESULT));
    }

    /** Sends the target's request once (id 0) and throws unless the answer is good the way wrk will judge it. */
    static Wrk.Target checked(Wrk.Target target) throws IOException, InterruptedException {
        HttpResponse<String> response = post(target.url(), target.headers(), target.body().replace("@ID@", "0"));
        String body = response.body();
        boolean good = switch (target.expect()) {
            case ACCEPTED -> response.statusCode() == 202;
            case RESULT -> response.statusCode() == 200 && body.contains("\"result\"") && !body.contains("\"error\":")
                    && !body.contains("\"isError\":true");
            case PROGRESS -> response.statusCode() == 200 && body.contains("\"result\"")
                    && body.split("notifications/progress", -1).length - 1 == 10;
        };
        if (!good) {
            throw new IllegalStateException("Expected " + target.body() + " at " + target.url() + " to succeed, but got HTTP "
                    + response.statusCode() + ": " + body);
        }
        return target;
    }

    private static Map<String, String> baseHeaders(Map<String, String> credentials) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.putAll(credentials);
        return headers;
    }

    private static HttpResponse<String> post(String url, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
