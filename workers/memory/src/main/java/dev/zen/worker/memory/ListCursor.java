package dev.zen.worker.memory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a listing stopped: the {@code createdAt} (epoch milliseconds) and id of the last memory of a page,
 * so the next page starts strictly after it in the order (newest first, then id descending). Sent to
 * the caller as an opaque string (URL-safe base64 of {@code v1:<millis>:<uuid>}) and validated when it
 * comes back: anything else is refused with an {@link IllegalArgumentException}, never guessed at.
 */
record ListCursor(long createdAt, String id) {

    private static final String VERSION = "v1";

    String encode() {
        String plain = VERSION + ":" + createdAt + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} stands for; null for null (the first page). */
    static ListCursor decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", -1);
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw refused();
            }
            String id = parts[2];
            UUID.fromString(id); // ids are UUIDs: anything else was not made here
            return new ListCursor(Long.parseLong(parts[1]), id);
        } catch (IllegalArgumentException e) {
            // base64, the number and the UUID all fail with (subclasses of) IllegalArgumentException
            throw refused();
        }
    }

    private static IllegalArgumentException refused() {
        return new IllegalArgumentException("Expected a cursor from an earlier page of this listing, but it is not one");
    }
}
