package dev.zen.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request of the 2026-07-28 revision: no session, every request says who it is in
 * {@code params._meta} (protocol version, client capabilities, optional client info and log level)
 * and repeats its method (and tool, prompt or resource name) in headers. {@link #validate} applies the
 * revision's checks in the order the reference server and the conformance suite use: version header
 * present (-32020), {@code _meta} fields present (-32602), header equal to the body (-32020), version
 * supported (-32022), {@code Mcp-Method} / {@code Mcp-Name} equal to the body (-32020); all HTTP 400.
 */
record StatelessRequest(String protocolVersion, JsonNode clientCapabilities, JsonNode clientInfo, String logLevel) {

    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    static final List<String> VERSIONS = List.of("2026-07-28");
    static final int HEADER_MISMATCH = -32020;
    static final int MISSING_CAPABILITY = -32021;
    static final int UNSUPPORTED_VERSION = -32022;

    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    /** The methods of the revision; anything else (initialize, ping, logging/setLevel, subscribe ...) is 404 / -32601. */
    static final Set<String> METHODS = Set.of("server/discover", "tools/list", "tools/call", "resources/list", "resources/templates/list",
            "resources/read", "prompts/list", "prompts/get", "completion/complete", "subscriptions/listen",
            "tasks/get", "tasks/update", "tasks/cancel");

    /** Headers of the request, case-insensitive by name (the servlet container's rule). */
    interface Headers {
        String get(String name);
    }

    /**
     * Whether a request without a session is of this revision: it carries the per-request {@code _meta}
     * version, or a version header that is not one of the session revisions.
     */
    static boolean applies(String versionHeader, JsonNode params) {
        boolean modernMeta = params.path("_meta").has(META_VERSION);
        boolean legacyHeader = versionHeader != null && McpProtocol.SUPPORTED_VERSIONS.contains(versionHeader.trim());
        return modernMeta || (versionHeader != null && !legacyHeader);
    }

    static StatelessRequest validate(Headers headers, String method, JsonNode params) {
        String versionHeader = headers.get(McpProtocol.VERSION_HEADER);
        if (versionHeader == null || versionHeader.isBlank()) {
            throw mismatch("Header mismatch: the MCP-Protocol-Version header is required");
        }
        JsonNode meta = params.path("_meta");
        if (!meta.isObject()) {
            throw invalidMeta("Invalid params: 'params._meta' is required (with '" + META_VERSION + "' and '" + META_CAPABILITIES + "')");
        }
        JsonNode version = meta.path(META_VERSION);
        if (!version.isString() || version.asString().isEmpty()) {
            throw invalidMeta("Invalid params: 'params._meta." + META_VERSION + "' is required");
        }
        JsonNode capabilities = meta.path(META_CAPABILITIES);
        if (!capabilities.isObject()) {
            throw invalidMeta("Invalid params: 'params._meta." + META_CAPABILITIES + "' is required and must be an object");
        }
        if (!versionHeader.trim().equals(version.asString())) {
            throw mismatch("Header mismatch: MCP-Protocol-Version header value '" + versionHeader.trim()
                    + "' does not match body value '" + version.asString() + "'");
        }
        if (!VERSIONS.contains(version.asString())) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            var supported = data.putArray("supported");
            VERSIONS.forEach(supported::add);
            data.put("requested", version.asString());
            throw new JsonRpcException(UNSUPPORTED_VERSION, "Unsupported protocol version: " + version.asString(), data, 400);
        }
        String methodHeader = decode(headers.get(METHOD_HEADER));
        if (methodHeader == null) {
            throw mismatch("Header mismatch: the Mcp-Method header is required");
        }
        if (!methodHeader.equals(method)) {
            throw mismatch("Header mismatch: Mcp-Method header value '" + methodHeader + "' does not match body value '" + method + "'");
        }
        String nameField = switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            case "tasks/get", "tasks/update", "tasks/cancel" -> "taskId";
            default -> null;
        };
        if (nameField != null) {
            String nameHeader = decode(headers.get(NAME_HEADER));
            String body = params.path(nameField).isString() ? params.path(nameField).asString() : null;
            if (nameHeader == null && !method.startsWith("tasks/")) { // on tasks/* the header is checked when present
                throw mismatch("Header mismatch: the Mcp-Name header is required for " + method);
            }
            if (nameHeader != null && !nameHeader.equals(body)) {
                throw mismatch("Header mismatch: Mcp-Name header value '" + nameHeader + "' does not match body value '" + body + "'");
            }
        }
        JsonNode level = meta.path(META_LOG_LEVEL);
        if (!level.isMissingNode() && (!level.isString() || !McpProtocol.LOG_LEVELS.contains(level.asString()))) {
            throw JsonRpcException.invalidParams("Invalid params: '_meta." + META_LOG_LEVEL + "' must be one of " + McpProtocol.LOG_LEVELS);
        }
        return new StatelessRequest(version.asString(), capabilities, meta.path(META_CLIENT_INFO),
                level.isString() ? level.asString() : null);
    }

    /**
     * A header value with optional whitespace trimmed and the {@code =?base64?...?=} form decoded
     * (strictly: padded, standard alphabet); null when absent. A value without both the prefix and the
     * suffix is taken literally.
     */
    static String decode(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.startsWith("=?base64?") && trimmed.endsWith("?=") && trimmed.length() >= 11) {
            String encoded = trimmed.substring(9, trimmed.length() - 2);
            try {
                if (encoded.length() % 4 != 0) {
                    throw new IllegalArgumentException("unpadded");
                }
                return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw mismatch("Header mismatch: a header value in the =?base64?...?= form is not valid, padded base64");
            }
        }
        return trimmed;
    }

    /**
     * SEP-2243: a tool argument whose schema says {@code "x-mcp-header": "X"} travels in the
     * {@code Mcp-Param-X} header too, so that proxies can route on it; the header must be there when
     * the argument is, and equal it (numbers compared as numbers). -32020 otherwise.
     */
    static void checkParamHeaders(Headers headers, JsonNode inputSchema, JsonNode arguments) {
        if (inputSchema == null) {
            return;
        }
        for (var property : inputSchema.path("properties").properties()) {
            JsonNode header = property.getValue().path("x-mcp-header");
            if (!header.isString()) {
                continue;
            }
            String name = "Mcp-Param-" + header.asString();
            JsonNode value = arguments.path(property.getKey());
            String sent = decode(headers.get(name));
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (sent == null) {
                throw mismatch("Header mismatch: the " + name + " header is required when argument '" + property.getKey() + "' is given");
            }
            if (!sameValue(sent, value)) {
                throw mismatch("Header mismatch: " + name + " header value '" + sent + "' does not match argument '" + property.getKey()
                        + "' value '" + (value.isString() ? value.asString() : value.toString()) + "'");
            }
        }
    }

    private static boolean sameValue(String header, JsonNode value) {
        if (value.isNumber()) {
            try {
                return new java.math.BigDecimal(header).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return header.equals(value.isString() ? value.asString() : value.toString());
    }

    /** The server's metadata on results: who answered. */
    static ObjectNode serverInfo(String version) {
        return JsonNodeFactory.instance.objectNode().put("name", "zen").put("version", version);
    }

    /**
     * An error as each revision spells it: 2026-07-28 retired -32002 (a missing resource is -32602,
     * with the URI in data) and sends -32021 with HTTP 400; earlier revisions have no -32021, so a
     * missing capability is -32602 there.
     */
    static JsonRpcException spelled(boolean stateless, int code, String message, JsonNode data) {
        if (stateless && code == dev.zen.schemas.RpcError.RESOURCE_NOT_FOUND) {
            return new JsonRpcException(JsonRpcException.INVALID_PARAMS, message, data, 200);
        }
        if (code == MISSING_CAPABILITY) {
            return stateless ? new JsonRpcException(code, message, data, 400)
                    : new JsonRpcException(JsonRpcException.INVALID_PARAMS, message, data, 200);
        }
        return new JsonRpcException(code, message, data, 200);
    }

    private static JsonRpcException mismatch(String message) {
        return new JsonRpcException(HEADER_MISMATCH, message, null, 400);
    }

    private static JsonRpcException invalidMeta(String message) {
        return new JsonRpcException(JsonRpcException.INVALID_PARAMS, message, null, 400);
    }
}
