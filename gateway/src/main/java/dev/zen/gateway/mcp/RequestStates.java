package dev.zen.gateway.mcp;

import dev.zen.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signs and checks the {@code requestState} of {@code input_required} results (2026-07-28): the state
 * names the suspended call and its round, and is HMAC-SHA256 signed, because the client hands it
 * back and the spec says to treat it as attacker-controlled. The key is {@code ZEN_REQUEST_STATE_SECRET}
 * (the same on every replica) or, when unset, random per process. Thread safe.
 */
@Component
final class RequestStates {

    /** What a valid state names: the call and the round of requests it answers. */
    record State(String callId, long round) {
    }

    private final SecretKeySpec key;

    @org.springframework.beans.factory.annotation.Autowired
    RequestStates(GatewayProperties properties) {
        this(properties.requestStateSecret());
    }

    RequestStates(String secret) {
        byte[] bytes;
        if (secret == null || secret.isBlank()) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    String sign(String callId, long round, long expiresAt) {
        String payload = callId + "|" + round + "|" + expiresAt;
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(mac(payload));
    }

    /** The state, or null when it was not signed here, was changed, or expired. */
    State verify(String token, long now) {
        if (token == null || token.length() > 1_000) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                return null;
            }
            String[] parts = payload.split("\\|");
            if (parts.length != 3 || Long.parseLong(parts[2]) < now) {
                return null;
            }
            return new State(parts[0], Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
