package dev.zen.gateway.mcp;

import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC error to answer a request with: the exact code, a message that names what was wrong,
 * optional data, and the HTTP status the transport uses for it.
 */
final class JsonRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** Used by the MCP SDKs for an unknown or terminated session. */
    static final int SESSION_NOT_FOUND = -32001;
    /** The caller is authenticated but its roles do not allow the tool, resource or prompt (HTTP 403). */
    static final int FORBIDDEN = -32003;
    /** A rate limit is used up (HTTP 429 with Retry-After; {@code data.retryAfterMs}). */
    static final int RATE_LIMITED = -32004;

    private final int code;
    private final transient JsonNode data;
    private final int httpStatus;

    JsonRpcException(int code, String message, JsonNode data, int httpStatus) {
        super(message);
        this.code = code;
        this.data = data;
        this.httpStatus = httpStatus;
    }

    static JsonRpcException invalidParams(String message) {
        return new JsonRpcException(INVALID_PARAMS, message, null, 200);
    }

    static JsonRpcException invalidRequest(String message) {
        return new JsonRpcException(INVALID_REQUEST, message, null, 400);
    }

    int code() {
        return code;
    }

    JsonNode data() {
        return data;
    }

    int httpStatus() {
        return httpStatus;
    }
}
