package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/** A JSON-RPC error object as it travels in a record: code, message, optional data. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcError(int code, String message, JsonNode data) {

    public static final int INVALID_PARAMS = -32602;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP: the resource named by a URI does not exist. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** 2026-07-28: the request needs a client capability it did not declare ({@code data.requiredCapabilities}). */
    public static final int MISSING_CAPABILITY = -32021;
    /** The request was cancelled (LSP's code, which MCP clients use too). */
    public static final int REQUEST_CANCELLED = -32800;

    public RpcError {
        message = message == null ? "" : message;
    }
}
