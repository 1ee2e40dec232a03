package dev.zen.gateway.mcp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One SSE stream of a session, kept apart from the HTTP response that carries it, so that a client
 * whose connection dropped (or was closed on purpose, SEP-1699) can resume it with
 * {@code Last-Event-ID} and get what it missed. Messages are numbered from 1 in the order they were
 * appended; the event id of message {@code n} is {@code <streamId>_<n>}, and {@code <streamId>_0}
 * names the position before the first (the priming event). The stream keeps its last
 * {@code capacity} messages. A finished stream ends once its readers have everything. Thread safe.
 */
final class SseStream {

    /** What a reader does with a message: send it, send it and end (a response), or end the connection only. */
    enum Kind { MESSAGE, FINAL, DISCONNECT, INPUT }

    /** {@code status} is the HTTP status of a {@link Kind#FINAL} message answered as plain JSON (200 unless an error says otherwise). */
    record Message(long seq, String eventId, String json, Kind kind, int status) {
    }

    private final String id;
    private final int capacity;
    private final Deque<Message> messages = new ArrayDeque<>();
    private long lastSeq;
    private boolean finished;
    private long reader;
    private volatile long touched = System.currentTimeMillis();

    SseStream(String id, int capacity) {
        if (id.indexOf('_') >= 0) {
            throw new IllegalArgumentException("Expected a stream id without '_', but was " + id);
        }
        this.id = id;
        this.capacity = capacity;
    }

    String id() {
        return id;
    }

    String eventId(long seq) {
        return id + "_" + seq;
    }

    /** The sequence number in an event id of this stream, or -1 when the id is not one of its. */
    long seqOf(String eventId) {
        if (eventId == null || !eventId.startsWith(id + "_")) {
            return -1;
        }
        try {
            return Long.parseLong(eventId.substring(id.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The stream id in an event id written by any stream, or null. */
    static String streamIdOf(String eventId) {
        int at = eventId == null ? -1 : eventId.lastIndexOf('_');
        return at <= 0 ? null : eventId.substring(0, at);
    }

    synchronized void append(String json) {
        add(json, Kind.MESSAGE, 200);
    }

    /** Appends a request of a stateless call's input round (read by the gateway, never sent as it is). */
    synchronized void appendInput(String json) {
        add(json, Kind.INPUT, 200);
    }

    /** Appends the last message (a call's response) and finishes the stream. */
    synchronized void appendFinal(String json, int status) {
        add(json, Kind.FINAL, status);
        finish();
    }

    /** Asks the reader holding the connection to end it (the client resumes with Last-Event-ID); later readers skip it. */
    synchronized void requestDisconnect() {
        add(null, Kind.DISCONNECT, 200);
    }

    private void add(String json, Kind kind, int status) {
        if (finished) {
            return;
        }
        lastSeq++;
        messages.addLast(new Message(lastSeq, eventId(lastSeq), json, kind, status));
        while (messages.size() > capacity) {
            messages.removeFirst();
        }
        notifyAll();
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** No more messages will come; readers end after the last one. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    synchronized boolean finished() {
        return finished;
    }

    /** Whether a reader after {@code afterSeq} has read everything and the stream is finished. */
    synchronized boolean drained(long afterSeq) {
        return finished && afterSeq >= lastSeq;
    }

    /**
     * The first message after {@code afterSeq}, waiting up to {@code timeoutMs}; null on timeout or
     * when the stream is finished and drained, or when another reader took over from {@code token}.
     * A message that fell out of the buffer is skipped.
     */
    synchronized Message next(long afterSeq, long timeoutMs, long token) throws InterruptedException {
        touched = System.currentTimeMillis();
        long until = System.currentTimeMillis() + timeoutMs;
        while (reader == token) {
            for (Message message : messages) {
                if (message.seq() > afterSeq) {
                    return message;
                }
            }
            long left = until - System.currentTimeMillis();
            if (finished || left <= 0) {
                return null;
            }
            wait(left);
        }
        return null;
    }

    /**
     * Makes a new reader the stream's only one (a message goes on one connection only): returns its
     * token; an older reader sees {@link #isReader} turn false and stops.
     */
    synchronized long attachReader() {
        reader++;
        touched = System.currentTimeMillis();
        notifyAll();
        return reader;
    }

    synchronized boolean isReader(long token) {
        return reader == token;
    }

    long touched() {
        return touched;
    }
}
