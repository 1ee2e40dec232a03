package dev.zen.worker.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** The checks the pgvector and Qdrant stores make on what callers give, with the port's errors. */
final class StoreChecks {

    private StoreChecks() {
    }

    /** Refuses a vector that is missing, of another length than the collection's, or with a NaN or infinite value. */
    static void vector(float[] vector, String model, int dimension) {
        if (vector == null) {
            throw new IllegalArgumentException("Expected a vector of " + dimension + " values, but it was missing");
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException("Expected a vector of " + dimension + " values (model " + model + "), but it had "
                    + vector.length + ": was it made by another embedding model?");
        }
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("Expected a vector of finite values, but it held " + value);
            }
        }
    }

    static void limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Expected a limit of at least 1, but it was " + limit);
        }
    }

    /** The memory's id as a UUID (a new one when it has none). */
    static UUID id(Memory memory) {
        if (memory.id() == null) {
            return UUID.randomUUID();
        }
        try {
            return UUID.fromString(memory.id());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Expected a memory id that is a UUID, but it was '" + memory.id() + "'", e);
        }
    }

    /** {@code id} as a UUID, or null when it is not one (then no memory has it). */
    static UUID idOrNull(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String namespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("Expected a namespace, but it was empty");
        }
        return namespace;
    }

    static String content(String content) {
        if (content == null) {
            throw new IllegalArgumentException("Expected a memory's content, but it was missing");
        }
        return content;
    }

    /** The given hash, or the SHA-256 of the content in hex when none is given. */
    static String contentHash(String contentHash, String content) {
        if (contentHash != null && !contentHash.isEmpty()) {
            return contentHash;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Expected SHA-256 in every JDK, but it is missing", e);
        }
    }

    /** The tags without nulls and repeats, in their first order. */
    static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag != null) {
                distinct.add(tag);
            }
        }
        return List.copyOf(new ArrayList<>(distinct));
    }
}
