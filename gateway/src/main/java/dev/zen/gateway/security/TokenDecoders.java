package dev.zen.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the gateway's token verifier from its settings: HS256 with {@code JWT_SECRET}, RS256/ES256
 * with keys from {@code ZEN_JWKS_URI}, or both. The algorithm in a token's header picks the verifier,
 * and each verifier accepts only its own algorithms, so an RS-signed key cannot be replayed as an
 * HMAC secret (key confusion) and {@code alg: none} never verifies. With neither configured, the
 * gateway takes API keys only and refuses every JWT. Expiry and not-before are checked
 * with a small skew; issuer and audience when configured. Nimbus does the cryptography.
 */
final class TokenDecoders {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

    private TokenDecoders() {
    }

    static JwtDecoder build(String secret, String jwksUri, String issuer, String audience) {
        JwtDecoder hmac = null;
        JwtDecoder keys = null;
        OAuth2TokenValidator<Jwt> validator = validator(issuer, audience);
        if (secret != null && !secret.isBlank()) {
            if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new IllegalStateException("Expected JWT_SECRET to have at least 32 bytes (HS256 needs a 256-bit key), but it has "
                        + secret.getBytes(StandardCharsets.UTF_8).length);
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
            decoder.setJwtValidator(validator);
            hmac = decoder;
        }
        if (jwksUri != null && !jwksUri.isBlank()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
                    .jwsAlgorithm(SignatureAlgorithm.RS256).jwsAlgorithm(SignatureAlgorithm.ES256).build();
            decoder.setJwtValidator(validator);
            keys = decoder;
        }
        if (hmac == null && keys == null) {
            // API keys only: every JWT is refused with the reason
            return token -> {
                throw new BadJwtException("This gateway accepts API keys only (no JWT_SECRET or ZEN_JWKS_URI is configured)");
            };
        }
        JwtDecoder byHmac = hmac;
        JwtDecoder byKeys = keys;
        return remembered(token -> {
            String algorithm = algorithmOf(token);
            JwtDecoder decoder = algorithm.startsWith("HS") ? byHmac : byKeys;
            if (decoder == null || !(algorithm.equals("HS256") || algorithm.equals("RS256") || algorithm.equals("ES256"))) {
                throw new BadJwtException("Expected a token signed with " + accepted(byHmac, byKeys) + ", but it is signed with " + algorithm);
            }
            return decoder.decode(token);
        });
    }

    /**
     * Keeps each verified token until it expires (at most {@link #REMEMBERED_FOR}), so that a
     * client's token is parsed and checked once rather than on every call; refused tokens are not
     * kept and are checked again each time. Keyed by the whole token, so only the very same bytes hit.
     */
    static JwtDecoder remembered(JwtDecoder decoder) {
        Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> until(jwt.getExpiresAt()))).build();
        return token -> {
            Jwt known = verified.getIfPresent(token);
            if (known != null && known.getExpiresAt() != null && known.getExpiresAt().isAfter(Instant.now())) {
                return known;
            }
            Jwt jwt = decoder.decode(token);
            verified.put(token, jwt);
            return jwt;
        };
    }

    private static Duration until(Instant expiry) {
        Duration left = expiry == null ? Duration.ZERO : Duration.between(Instant.now(), expiry);
        return left.isNegative() ? Duration.ZERO : left.compareTo(REMEMBERED_FOR) > 0 ? REMEMBERED_FOR : left;
    }

    private static String accepted(JwtDecoder hmac, JwtDecoder keys) {
        List<String> algorithms = new ArrayList<>();
        if (hmac != null) {
            algorithms.add("HS256");
        }
        if (keys != null) {
            algorithms.add("RS256");
            algorithms.add("ES256");
        }
        return String.join(" or ", algorithms);
    }

    private static String algorithmOf(String token) {
        try {
            return JWTParser.parse(token).getHeader().getAlgorithm().getName();
        } catch (ParseException | RuntimeException e) {
            throw new BadJwtException("Expected a JWT (header.payload.signature), but the token is malformed", e);
        }
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(CLOCK_SKEW));
        validators.add(jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no expiry (exp)", null)));
        if (issuer != null && !issuer.isBlank()) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (audience != null && !audience.isBlank()) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience) ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for audience " + audience, null)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
