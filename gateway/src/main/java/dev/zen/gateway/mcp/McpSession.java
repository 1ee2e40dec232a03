package dev.zen.gateway.mcp;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * This replica's handle on one MCP session: its state (as last read from the {@link SessionStore})
 * and the GET streams open here, that server-initiated messages are pushed to. Thread safe.
 */
final class McpSession {

    private volatile SessionState state;
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile boolean closed;

    McpSession(SessionState state) {
        this.state = state;
    }

    String id() {
        return state.id();
    }

    SessionState state() {
        return state;
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
        state = state.withInitialized();
    }

    void update(SessionState next) {
        state = next;
    }

    String logLevel() {
        return state.logLevel();
    }

    boolean initialized() {
        return state.initialized();
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
