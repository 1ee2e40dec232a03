package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An API key of a service account, as stored on the compacted keys topic (keyed by {@link #id}):
 * never the key itself, only its SHA-256 {@link #hash}. A key reads {@code zen_<id>_<secret>} with a
 * 10-hex-digit id and 256 random bits of secret, so a fast hash is safe (nothing to brute-force, and
 * checking a key costs microseconds on every request). Calls made with the key act as
 * {@code key:<name>} with the key's roles. A revoked key keeps its record with {@link #revokedAt}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(SchemaId schema, String id, String name, String hash, List<String> roles, String tenant, long createdAt,
        Long revokedAt) {

    public static final String PREFIX = "zen_";
    private static final int ID_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        schema = schema == null ? SchemaId.API_KEY : schema;
        ToolCommand.require(id, "id");
        ToolCommand.require(name, "name");
        ToolCommand.require(hash, "hash");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** A new key and the record that stores it: the key is shown to its owner once and kept nowhere. */
    public record Issued(String key, ApiKey record) {
    }

    public static Issued issue(String name, List<String> roles, String tenant, long now) {
        byte[] idBytes = new byte[ID_LENGTH / 2];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(key, new ApiKey(SchemaId.API_KEY, id, name, hash(key), roles, tenant, now, null));
    }

    /** The id a presented key claims ({@code zen_<id>_…}), or null when it is not shaped like a Zen key. */
    public static String idOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() < PREFIX.length() + ID_LENGTH + 2
                || presented.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return null;
        }
        return presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
    }

    public static String hash(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code presented} is this key and the key is not revoked; compares in constant time. */
    public boolean matches(String presented) {
        return revokedAt == null && presented != null
                && MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), hash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    public ApiKey revoked(long at) {
        return new ApiKey(schema, id, name, hash, roles, tenant, createdAt, at);
    }

    /** Who calls with this key. */
    public Principal principal() {
        return new Principal("key:" + name, roles.stream().sorted().distinct().toList(), tenant);
    }
}
