package dev.zen.gateway.mcp;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;

/**
 * One MCP session: the negotiated protocol version, what the client said of itself, and the open
 * GET streams that server-initiated messages are pushed to. Thread safe.
 */
final class McpSession {

    private final String id;
    private final String protocolVersion;
    private final JsonNode clientInfo;
    private final JsonNode clientCapabilities;
    private final long createdAt = System.currentTimeMillis();
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private volatile long lastSeen = createdAt;
    private volatile boolean initialized;
    private volatile boolean closed;

    McpSession(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities) {
        this.id = id;
        this.protocolVersion = protocolVersion;
        this.clientInfo = clientInfo;
        this.clientCapabilities = clientCapabilities;
    }

    String id() {
        return id;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    JsonNode clientInfo() {
        return clientInfo;
    }

    JsonNode clientCapabilities() {
        return clientCapabilities;
    }

    long createdAt() {
        return createdAt;
    }

    /** Records use of the session now; idle sessions are swept by {@link McpSessions}. */
    void touch() {
        lastSeen = System.currentTimeMillis();
    }

    /** Idle if nothing used it since {@code cutoff} and no stream is open. */
    boolean idleSince(long cutoff) {
        return lastSeen < cutoff && streams.isEmpty();
    }

    void markInitialized() {
        initialized = true;
    }

    boolean initialized() {
        return initialized;
    }

    boolean closed() {
        return closed;
    }

    /** Opens a stream for server-initiated messages; the caller drains the queue until {@link #closed()}. */
    BlockingQueue<String> openStream() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(1_000);
        streams.add(queue);
        return queue;
    }

    void closeStream(BlockingQueue<String> queue) {
        streams.remove(queue);
    }

    /**
     * Queues a JSON-RPC message on one open stream (the spec forbids broadcasting one message on
     * several streams); dropped when no stream is open or all are full (the client is not reading).
     */
    boolean push(String message) {
        for (BlockingQueue<String> queue : streams) {
            if (queue.offer(message)) {
                return true;
            }
        }
        return false;
    }

    void close() {
        closed = true;
        streams.clear();
    }
}
