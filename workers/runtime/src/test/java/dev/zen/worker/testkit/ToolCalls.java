package dev.zen.worker.testkit;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.worker.runtime.AuditFacts;
import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds tool calls and runs tools the way the runtime does, for any service's unit tests. */
public final class ToolCalls {

    private ToolCalls() {
    }

    /** A call of {@code tool} with arguments given as name, value, name, value… (lists become arrays, maps objects). */
    public static ToolCall call(String tool, Object... namesAndValues) {
        return call(tool, arguments(namesAndValues));
    }

    public static ToolCall call(String tool, JsonNode arguments) {
        return new ToolCall("call-1", tool, arguments, Principal.ANONYMOUS, System.currentTimeMillis() + 60_000);
    }

    /** The arguments object of name, value, name, value… */
    public static JsonNode arguments(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Expected names and values in pairs, but got " + namesAndValues.length + " items");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return RecordCodec.shared().mapper().valueToTree(arguments);
    }

    /** Runs a tool through its definition's handler, as the runtime does. */
    public static CallToolResult run(ToolDefinition tool, Object... namesAndValues) throws Exception {
        return tool.handler().handle(call(tool.name(), namesAndValues));
    }

    /** As {@link #run}, with {@code principal} as the verified caller. */
    public static CallToolResult runAs(ToolDefinition tool, Principal principal, Object... namesAndValues) throws Exception {
        ToolCall call = call(tool.name(), namesAndValues);
        return tool.handler().handle(new ToolCall(call.callId(), call.tool(), call.arguments(), principal, call.deadline()));
    }

    /** As {@link #runAs}, with {@code grants} as the access policy in force (null: none published). */
    public static CallToolResult runAs(ToolDefinition tool, Principal principal, AccessGrants grants, Object... namesAndValues)
            throws Exception {
        ToolCall call = call(tool.name(), namesAndValues);
        return tool.handler().handle(new ToolCall(call.callId(), call.tool(), call.arguments(), principal, call.deadline(),
                ClientChannel.NONE, new AuditFacts(), grants));
    }

    /** As {@link #run}, with {@code client} as the call's line back to its client. */
    public static CallToolResult runWith(ToolDefinition tool, ClientChannel client, Object... namesAndValues) throws Exception {
        ToolCall call = call(tool.name(), namesAndValues);
        return tool.handler().handle(new ToolCall(call.callId(), call.tool(), call.arguments(), call.principal(),
                call.deadline(), client));
    }

    /** The first text block of a result. */
    public static String text(CallToolResult result) {
        return result.content().getFirst().get("text").asString();
    }
}
