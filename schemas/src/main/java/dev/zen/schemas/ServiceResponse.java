package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * A worker's answer to a {@link ServiceRequest}: exactly one of the MCP {@code result} and a
 * JSON-RPC {@code error} (e.g. -32002 resource not found, -32602 invalid params), which the gateway
 * passes to the client as they are.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceResponse(SchemaId schema, String requestId, String method, JsonNode result, RpcError error, WorkerRef worker,
        long completedAt) {

    public ServiceResponse {
        schema = schema == null ? SchemaId.SERVICE_RESPONSE : schema;
        ToolCommand.require(requestId, "requestId");
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("Expected exactly one of 'result' and 'error'");
        }
    }

    public static ServiceResponse ofResult(ServiceRequest request, JsonNode result, WorkerRef worker, long now) {
        return new ServiceResponse(SchemaId.SERVICE_RESPONSE, request.requestId(), request.method(), result, null, worker, now);
    }

    public static ServiceResponse ofError(ServiceRequest request, RpcError error, WorkerRef worker, long now) {
        return new ServiceResponse(SchemaId.SERVICE_RESPONSE, request.requestId(), request.method(), null, error, worker, now);
    }
}
