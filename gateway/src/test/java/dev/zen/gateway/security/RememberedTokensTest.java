package dev.zen.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class RememberedTokensTest {

    private final AtomicInteger checks = new AtomicInteger();

    /** Accepts "good-<seconds to live>" tokens and refuses everything else, counting every check. */
    private final JwtDecoder verifier = token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("bad signature");
        }
        Instant now = Instant.now();
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("alice").issuedAt(now.minusSeconds(1))
                .expiresAt(now.plusSeconds(Long.parseLong(token.substring(5)))).build();
    };

    @Test
    void shouldCheckAGoodTokenOnceUntilItExpires() throws Exception {
        JwtDecoder decoder = TokenDecoders.remembered(verifier);

        assertThat(decoder.decode("good-60").getSubject()).isEqualTo("alice");
        assertThat(decoder.decode("good-60").getSubject()).isEqualTo("alice");
        assertThat(checks).as("the second call used the verified token").hasValue(1);
        decoder.decode("good-1");
        assertThat(checks).as("another token is checked").hasValue(2);
        Thread.sleep(1_100);
        decoder.decode("good-1");
        assertThat(checks).as("an expired token is never taken from memory").hasValue(3);
    }

    @Test
    void shouldCheckARefusedTokenEveryTime() {
        JwtDecoder decoder = TokenDecoders.remembered(verifier);

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(2);
    }
}
