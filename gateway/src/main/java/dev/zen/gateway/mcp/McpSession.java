package dev.zen.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's handle on one MCP session: its state (as last read from the {@link SessionStore}),
 * its SSE streams here (the standalone one for server-initiated messages, and the response streams of
 * calls, kept a while so a client can resume them with {@code Last-Event-ID}), and the calls it has
 * running here by JSON-RPC request id (so {@code notifications/cancelled} can find them). Thread safe.
 */
final class McpSession {

    /** How long a finished call stream is kept for a client that resumes it late. */
    private static final long KEEP_FINISHED_MS = 5 * 60_000;
    private static final int STREAM_CAPACITY = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile SessionState state;
    private final String reference;
    private final SseStream standalone;
    private final Map<String, SseStream> callStreams = new ConcurrentHashMap<>();
    private final Map<String, StreamedRequests.Streamed> inflight = new ConcurrentHashMap<>();
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile boolean closed;

    McpSession(SessionState state) {
        this.state = state;
        this.reference = reference(state.id());
        this.standalone = new SseStream(newStreamId(), STREAM_CAPACITY);
    }

    String id() {
        return state.id();
    }

    /**
     * What workers see of the session: a hash of its id, never the id itself (a bearer secret). The
     * same on every replica, so a cancel or an answer relayed by one matches the call another started.
     */
    String reference() {
        return reference;
    }

    SessionState state() {
        return state;
    }

    /** Records use of the session now; idle sessions are swept by {@link McpSessions}. */
    void touch() {
        lastSeen = System.currentTimeMillis();
    }

    /** Idle if nothing used it since {@code cutoff} and nothing runs or streams here. */
    boolean idleSince(long cutoff) {
        return lastSeen < cutoff && standalone.touched() < cutoff && inflight.isEmpty();
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

    /** The stream of server-initiated messages (the GET stream). */
    SseStream standalone() {
        return standalone;
    }

    /** Queues a server-initiated message on the GET stream; kept for a client that connects or resumes later. */
    void push(String message) {
        standalone.append(message);
    }

    /** A new response stream for a call; it becomes resumable only if {@link #retain}ed. */
    SseStream openCallStream() {
        return new SseStream(newStreamId(), STREAM_CAPACITY);
    }

    /**
     * Keeps a call stream whose connection ended before the client had everything, so that a GET
     * with Last-Event-ID can resume it (until a while after it finished). Streams delivered in full
     * are never kept: a session making thousands of calls keeps nothing for them.
     */
    void retain(SseStream stream) {
        sweepCallStreams();
        callStreams.put(stream.id(), stream);
    }

    /** The stream an event id names (a call's or the standalone one), or null when it is unknown or gone. */
    SseStream streamOf(String eventId) {
        String streamId = SseStream.streamIdOf(eventId);
        if (streamId == null) {
            return null;
        }
        return streamId.equals(standalone.id()) ? standalone : callStreams.get(streamId);
    }

    void running(String requestId, StreamedRequests.Streamed call) {
        inflight.put(requestId, call);
    }

    void finished(String requestId, StreamedRequests.Streamed call) {
        inflight.remove(requestId, call);
    }

    /** The call running here for the client's request id, or null. */
    StreamedRequests.Streamed inflight(String requestId) {
        return inflight.get(requestId);
    }

    void close() {
        closed = true;
        standalone.finish();
        callStreams.values().forEach(SseStream::finish);
    }

    private void sweepCallStreams() {
        long cutoff = System.currentTimeMillis() - KEEP_FINISHED_MS;
        callStreams.values().removeIf(s -> s.finished() && s.touched() < cutoff);
    }

    /**
     * Stream ids need to be unique, not secret: a stream is only found within its own session. A
     * counter (no lock, no system call per call) behind a random prefix per gateway process.
     */
    private static String newStreamId() {
        return STREAM_PREFIX + Long.toString(STREAM_COUNTER.incrementAndGet(), 36);
    }

    private static final String STREAM_PREFIX = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final java.util.concurrent.atomic.AtomicLong STREAM_COUNTER = new java.util.concurrent.atomic.AtomicLong();

    static String reference(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("zen-session:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
