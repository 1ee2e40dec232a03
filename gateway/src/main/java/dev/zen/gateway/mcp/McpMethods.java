package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CallRejected;
import dev.zen.gateway.core.CallResult;
import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.gateway.core.ToolEntry;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the MCP methods of the spine: {@code ping}, {@code tools/list} (paginated) and
 * {@code tools/call} (through Kafka). {@code initialize} is the controller's, because it creates the
 * session. Thread safe.
 */
@Component
final class McpMethods {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolCatalog catalog;
    private final CallService calls;
    private final RecordCodec codec;
    private final int pageSize;

    McpMethods(ToolCatalog catalog, CallService calls, RecordCodec codec, dev.zen.gateway.GatewayProperties properties) {
        this.catalog = catalog;
        this.calls = calls;
        this.codec = codec;
        this.pageSize = properties.pageSize();
    }

    JsonNode dispatch(String method, JsonNode params) {
        return switch (method) {
            case "ping" -> JSON.objectNode();
            case "tools/list" -> toolsList(params);
            case "tools/call" -> toolsCall(params);
            default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + method, null, 200);
        };
    }

    private JsonNode toolsList(JsonNode params) {
        int offset = decodeCursor(params.path("cursor"));
        List<ToolEntry> tools = catalog.liveTools();
        ObjectNode result = JSON.objectNode();
        ArrayNode array = result.putArray("tools");
        int end = Math.min(tools.size(), offset + pageSize);
        for (int i = offset; i < end; i++) {
            array.add(toolJson(tools.get(i).descriptor()));
        }
        if (end < tools.size()) {
            result.put("nextCursor", encodeCursor(end));
        }
        return result;
    }

    ObjectNode toolJson(ToolDescriptor tool) {
        ObjectNode json = JSON.objectNode();
        json.put("name", tool.name());
        if (tool.title() != null) {
            json.put("title", tool.title());
        }
        if (tool.description() != null) {
            json.put("description", tool.description());
        }
        json.set("inputSchema", tool.inputSchema());
        if (tool.outputSchema() != null) {
            json.set("outputSchema", tool.outputSchema());
        }
        if (tool.annotations() != null) {
            json.set("annotations", codec.toTree(tool.annotations()));
        }
        return json;
    }

    private JsonNode toolsCall(JsonNode params) {
        JsonNode name = params.path("name");
        if (!name.isString() || name.asString().isEmpty()) {
            throw JsonRpcException.invalidParams("Invalid params: 'name' must be a non-empty string naming the tool");
        }
        JsonNode arguments = params.path("arguments");
        if (arguments.isMissingNode() || arguments.isNull()) {
            arguments = JSON.objectNode();
        } else if (!arguments.isObject()) {
            throw JsonRpcException.invalidParams("Invalid params: 'arguments' must be an object, but was " + arguments.getNodeType());
        }
        JsonNode progressToken = params.path("_meta").path("progressToken");
        try {
            CallResult result = calls.call(name.asString(), arguments, Principal.ANONYMOUS,
                    progressToken.isMissingNode() || progressToken.isNull() ? null : progressToken);
            return dev.zen.gateway.core.ResultMeta.render(result, codec);
        } catch (CallRejected rejected) {
            ObjectNode data = null;
            if (!rejected.violations().isEmpty()) {
                data = JSON.objectNode();
                ArrayNode errors = data.putArray("errors");
                rejected.violations().forEach(v -> errors.addObject()
                        .put("pointer", "/arguments" + (v.pointer().equals("/") ? "" : v.pointer()))
                        .put("message", v.message()));
            }
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, rejected.getMessage(), data, 200);
        }
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(JsonNode cursor) {
        if (cursor.isMissingNode() || cursor.isNull()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.asString()), StandardCharsets.UTF_8);
            if (!text.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(text.substring(2));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw JsonRpcException.invalidParams("Invalid params: 'cursor' is not a cursor this server issued");
        }
    }
}
