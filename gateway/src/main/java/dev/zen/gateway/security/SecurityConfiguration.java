package dev.zen.gateway.security;

import dev.zen.gateway.GatewayProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import dev.zen.gateway.core.ApiKeyDirectory;

/**
 * Authentication at the gate (Spring Security's OAuth 2.0 resource server). With
 * {@code ENABLE_AUTH=true} every endpoint but {@code /health} and the RFC 9728 protected resource
 * metadata ({@code /.well-known/oauth-protected-resource[/mcp]}, naming {@code ZEN_AUTH_ISSUER}) needs a valid
 * bearer token (see {@link TokenDecoders}) or API key ({@link ApiKeyFilter}); roles come from the token's {@code roles} claim
 * ({@code ZEN_AUTH_ROLES_CLAIM}) and from {@code scope}. With auth off every request is anonymous, and
 * {@code BindGuard} keeps the gateway on loopback. No HTTP session, no CSRF (no cookies are used).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No Micrometer observation per security filter. With an observation registry present (the
     * actuator's), Spring Security wraps each of its dozen filters in an observation with before and
     * after events on every request: a profile of the gateway under load found that wrapping in one
     * sample of nine of all request-thread samples, more than authentication, policy and the Redis
     * rate limit together. The HTTP server's own request timer stays.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain zenSecurity(HttpSecurity http, GatewayProperties properties, ApiKeyDirectory keys) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable());
        if (!properties.authEnabled()) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        BearerChallenge challenge = new BearerChallenge();
        DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
        http.addFilterBefore(new ApiKeyFilter(keys, challenge), BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/health", "/.well-known/**", "/error").permitAll()
                        // Prometheus scrapes with an API key of one of these roles (docs/audit.md)
                        .requestMatchers("/actuator/**").hasAnyRole(dev.zen.gateway.core.CallAnalytics.READER_ROLES.toArray(String[]::new))
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(challenge))
                .oauth2ResourceServer(rs -> rs
                        .authenticationEntryPoint(challenge)
                        // API keys (zen_…) are the ApiKeyFilter's, not JWTs
                        .bearerTokenResolver(request -> ApiKeyFilter.presentedKey(request) != null ? null : bearer.resolve(request))
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource[/mcp], served by Spring Security
                        .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(metadata -> {
                            if (properties.authIssuer() != null && !properties.authIssuer().isBlank()) {
                                metadata.authorizationServer(properties.authIssuer());
                            }
                            metadata.resourceName("Zen MCP gateway").tlsClientCertificateBoundAccessTokens(false);
                        }))
                        .jwt(jwt -> jwt
                                .decoder(TokenDecoders.build(properties.jwtSecret(), properties.jwksUri(), properties.authIssuer(),
                                        properties.authAudience()))
                                .jwtAuthenticationConverter(converter(properties.rolesClaim()))));
        return http.build();
    }

    private static JwtAuthenticationConverter converter(String rolesClaim) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<GrantedAuthority> authorities = new ArrayList<>();
            Callers.claimValues(jwt.getClaim(rolesClaim)).forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            Callers.claimValues(jwt.getClaim("scope")).forEach(scope -> authorities.add(new SimpleGrantedAuthority("ROLE_" + scope)));
            return authorities;
        });
        return converter;
    }
}
