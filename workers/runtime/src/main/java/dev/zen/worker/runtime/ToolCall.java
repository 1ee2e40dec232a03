package dev.zen.worker.runtime;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ToolHandler} gets: the call id, the tool name, the arguments (already validated
 * against the tool's inputSchema by the gateway), the verified principal, the absolute deadline, the
 * {@link ClientChannel} to the calling client (progress, logging, sampling, elicitation), the
 * {@link AuditFacts} the handler may fill for the audit ({@code call.facts().put("exitCode", 0)}),
 * and the access policy in force when the worker admitted the call.
 *
 * <p>{@code grants} is null when no gateway has published a policy (and in tests that build a call
 * without one). Handlers should not read it directly: {@link #mayUseNamespace} and
 * {@link #namespaceGlobs} answer for the principal and treat a missing policy as "no shared
 * namespace", never as "everything".
 */
public record ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client,
        AuditFacts facts, AccessGrants grants) {

    public ToolCall {
        client = client == null ? ClientChannel.NONE : client;
        facts = facts == null ? new AuditFacts() : facts;
    }

    /** A call without a published access policy. */
    public ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client,
            AuditFacts facts) {
        this(callId, tool, arguments, principal, deadline, client, facts, null);
    }

    /** A call with a client to talk back to, and no facts recorded yet. */
    public ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client) {
        this(callId, tool, arguments, principal, deadline, client, new AuditFacts());
    }

    /** A call without a client to talk back to. */
    public ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline) {
        this(callId, tool, arguments, principal, deadline, ClientChannel.NONE);
    }

    /** Milliseconds left before the deadline. */
    public long remainingMillis() {
        return deadline - System.currentTimeMillis();
    }

    /**
     * Whether the policy grants the principal the shared memory {@code namespace} for reading
     * ({@code write=false}; a write grant implies read) or writing ({@link AccessGrants#allowsNamespace}).
     * False when no policy was published or none is enforced: namespaces are private by default. The
     * principal's own private namespace is the memory service's to allow, not this method's.
     */
    public boolean mayUseNamespace(String namespace, boolean write) {
        return grants != null && grants.allowsNamespace(principal, namespace, write);
    }

    /**
     * The namespace globs the policy grants the principal for reading ({@code write=false}: read and
     * write globs) or writing ({@link AccessGrants#namespaceGlobs}); empty when no policy was published
     * or none is enforced.
     */
    public List<String> namespaceGlobs(boolean write) {
        return grants == null ? List.of() : grants.namespaceGlobs(principal, write);
    }
}
