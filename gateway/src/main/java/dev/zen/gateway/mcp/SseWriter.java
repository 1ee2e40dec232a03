package dev.zen.gateway.mcp;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events on one HTTP response: opens it, writes events with ids, comments, and flushes. */
final class SseWriter {

    /** How long a client should wait before reconnecting a stream the server closed (SEP-1699). */
    static final int RETRY_MS = 1_000;

    private final HttpServletResponse response;
    private OutputStream out;

    SseWriter(HttpServletResponse response) {
        this.response = response;
    }

    boolean opened() {
        return out != null;
    }

    /**
     * Sends the headers; with {@code primingEventId} also the priming event (an id and empty data, and
     * the retry interval) that lets the client resume even before the first message.
     */
    void open(String sessionId, String primingEventId) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        if (sessionId != null) {
            response.setHeader(McpProtocol.SESSION_HEADER, sessionId);
        }
        out = response.getOutputStream();
        if (primingEventId != null) {
            write("id: " + primingEventId + "\nretry: " + RETRY_MS + "\ndata: \n\n");
        }
        response.flushBuffer();
    }

    void event(String eventId, String json) throws IOException {
        write((eventId == null ? "" : "id: " + eventId + "\n") + "event: message\ndata: " + json + "\n\n");
        response.flushBuffer();
    }

    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
        response.flushBuffer();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
