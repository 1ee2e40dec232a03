package dev.zen.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's settings under {@code zen}; application.yml maps the seed's environment variables
 * onto them ({@code ZEN_KAFKA_BOOTSTRAP}, {@code ZEN_TOPIC_PREFIX}, {@code ZEN_CALL_TIMEOUT_MS},
 * {@code ENABLE_AUTH}, {@code CORS_ORIGINS}, ...). The bind address is Spring's {@code server.address}.
 */
@ConfigurationProperties("zen")
public record GatewayProperties(
        @DefaultValue("127.0.0.1:9092") String kafkaBootstrap,
        @DefaultValue("zen.") String topicPrefix,
        @DefaultValue String instanceId,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue("100") int pageSize,
        @DefaultValue("json") String responseMode,
        @DefaultValue("true") boolean authEnabled,
        @DefaultValue("false") boolean insecureBind,
        @DefaultValue("60m") Duration sessionIdleTimeout,
        @DefaultValue("") String corsOrigins,
        @DefaultValue("4194304") long maxBodyBytes,
        @DefaultValue("") String redisHost,
        @DefaultValue("6379") int redisPort,
        @DefaultValue("") String redisPassword,
        @DefaultValue("") String requestStateSecret,
        @DefaultValue("") String jwtSecret,
        @DefaultValue("") String jwksUri,
        @DefaultValue("") String authIssuer,
        @DefaultValue("") String authAudience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("") String policyFile,
        @DefaultValue("100") int apiRateLimit,
        @DefaultValue("") String callbackAllowlist,
        @DefaultValue("") String callbackKey,
        @DefaultValue("0s,5s,5m,30m,2h,5h,10h") String callbackRetrySchedule,
        @DefaultValue("1h") Duration jobTimeout,
        @DefaultValue("24h") Duration jobTtl,
        @DefaultValue("250ms") Duration taskAfter,
        @DefaultValue("on") String audit,
        @DefaultValue("30d") Duration auditRetention,
        @DefaultValue("-1") int replyPartition) {

    /** Whether Redis is configured ({@code REDIS_HOST}): then rate limits, sessions and idempotency keys are shared there. */
    public boolean usesRedis() {
        return redisHost != null && !redisHost.isBlank();
    }

    /** Where Redis is ({@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD}). */
    public io.lettuce.core.RedisURI redisUri() {
        io.lettuce.core.RedisURI.Builder uri = io.lettuce.core.RedisURI.builder().withHost(redisHost).withPort(redisPort);
        if (redisPassword != null && !redisPassword.isBlank()) {
            uri.withPassword(redisPassword.toCharArray());
        }
        return uri.build();
    }
}
