package dev.zen.worker.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a listing (newest first: {@code createdAt} descending, then id descending) goes on: the last
 * memory of the page before. Opaque to callers (base64url of a versioned text); a cursor that does not
 * decode is refused with an {@link IllegalArgumentException}, never passed to a store's query as text.
 */
record KeysetCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "c1";

    String encode() {
        String text = VERSION + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static KeysetCursor of(Memory last) {
        return new KeysetCursor(last.createdAt(), UUID.fromString(last.id()));
    }

    /** The cursor {@code text} stands for; null for null (the first page). */
    static KeysetCursor decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown form");
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            if (createdAt.isBefore(MemoryFields.EARLIEST) || createdAt.isAfter(MemoryFields.LATEST)) {
                throw new IllegalArgumentException("a time no memory has");
            }
            return new KeysetCursor(createdAt, UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected a cursor from a previous page of this listing, but '" + abbreviate(text) + "' is not one",
                    e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
