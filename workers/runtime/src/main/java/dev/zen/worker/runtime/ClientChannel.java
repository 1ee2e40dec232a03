package dev.zen.worker.runtime;

import tools.jackson.databind.JsonNode;

/**
 * A handler's line back to the MCP client of its call, carried through the gateway: progress, log
 * messages, and requests the client must answer (sampling, elicitation). Plain Java: the runtime
 * turns each into a record on Kafka. Every method is safe to call from the handler's thread.
 *
 * <p>Notifications are fire-and-forget and silently dropped when the client cannot get them (no
 * progress token, a log level below the client's, a client that did not accept a stream). Requests
 * block until the client answers, the call is cancelled, or its deadline passes.
 */
public interface ClientChannel {

    /** {@code notifications/progress} against the caller's progress token; {@code total} and {@code message} may be null. */
    void progress(double progress, Double total, String message);

    /** {@code notifications/message} at {@code level} (debug ... emergency), if the client's level lets it through. */
    void log(String level, String logger, JsonNode data);

    /**
     * Asks the client to sample its model ({@code sampling/createMessage}) and returns the client's
     * result.
     *
     * @throws ToolFailure when the client does not support sampling, cannot be reached mid-call, or refuses
     * @throws InterruptedException when the call is cancelled or its deadline passes while waiting
     */
    JsonNode sample(JsonNode params) throws InterruptedException;

    /** Asks the client for user input ({@code elicitation/create}); like {@link #sample}. */
    JsonNode elicit(JsonNode params) throws InterruptedException;

    /**
     * Asks the client several things in one round and returns its answers by the same keys. A
     * session client (2025 revisions) gets one JSON-RPC request per key on the call's stream; a
     * stateless client (2026-07-28) gets one {@code input_required} result naming every key, and
     * answers by retrying its request. Keys are the handler's names for the answers
     * ({@code user_name}, {@code greeting}, ...).
     *
     * @throws MissingClientCapability when the client lacks a capability one of the requests needs
     * @throws ToolFailure when the client cannot be asked mid-call, or answers with an error
     * @throws InterruptedException when the call is cancelled or its deadline passes while waiting
     */
    java.util.Map<String, JsonNode> ask(java.util.Map<String, ClientRequest> requests) throws InterruptedException;

    /** Whether the client declared the capability ({@code sampling}, {@code elicitation}, {@code roots}). */
    boolean supports(String capability);

    /** Whether the client cancelled the call ({@code notifications/cancelled}); a handler checks it between steps. */
    boolean cancelled();

    /**
     * Lets the gateway end the client's SSE response now (SEP-1699 polling): the client reconnects
     * with {@code Last-Event-ID} and receives the rest, including the result. The call runs on.
     */
    void closeStream();

    /** Tells subscribed clients that the resource at {@code uri} changed ({@code notifications/resources/updated}). */
    void resourceUpdated(String uri);

    /**
     * Tells every listening client that a list changed: {@code list} is {@code tools}, {@code prompts}
     * or {@code resources} ({@code notifications/<list>/list_changed}).
     */
    void listChanged(String list);

    /** A channel to nobody: for calls without a client (tests, replays). */
    ClientChannel NONE = new ClientChannel() {
        @Override
        public void progress(double progress, Double total, String message) {
        }

        @Override
        public void log(String level, String logger, JsonNode data) {
        }

        @Override
        public JsonNode sample(JsonNode params) {
            throw new ToolFailure("Expected a client that supports sampling, but this call has no client to ask");
        }

        @Override
        public JsonNode elicit(JsonNode params) {
            throw new ToolFailure("Expected a client that supports elicitation, but this call has no client to ask");
        }

        @Override
        public java.util.Map<String, JsonNode> ask(java.util.Map<String, ClientRequest> requests) {
            throw new ToolFailure("Expected a client to ask, but this call has no client");
        }

        @Override
        public boolean supports(String capability) {
            return false;
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void closeStream() {
        }

        @Override
        public void resourceUpdated(String uri) {
        }

        @Override
        public void listChanged(String list) {
        }
    };
}
