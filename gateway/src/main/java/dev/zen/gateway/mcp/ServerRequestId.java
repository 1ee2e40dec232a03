package dev.zen.gateway.mcp;

/**
 * The JSON-RPC id of a request a handler sends to the client ({@code sampling/createMessage},
 * {@code elicitation/create}): it names the call and the handler's request, so that the client's
 * response, whichever gateway replica it reaches, can be relayed to the worker that waits for it.
 */
record ServerRequestId(String callId, String requestId) {

    private static final String PREFIX = "zen-r:";

    static String of(String callId, String requestId) {
        return PREFIX + callId + ":" + requestId;
    }

    /** The ids in {@code id}, or null when it is not an id this server issued. */
    static ServerRequestId parse(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return null;
        }
        String rest = id.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.length() > 300) {
            return null;
        }
        return new ServerRequestId(rest.substring(0, colon), rest.substring(colon + 1));
    }
}
