package dev.zen.gateway.mcp;

import dev.zen.gateway.GatewayProperties;
import dev.zen.schemas.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis session state when {@code REDIS_HOST} is set, in-process otherwise. */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStoreConfiguration.class);

    @Bean(destroyMethod = "")
    SessionStore sessionStore(GatewayProperties properties, RecordCodec codec) {
        if (!properties.usesRedis()) {
            LOG.info("MCP sessions are kept in this process (set REDIS_HOST to share them between gateway replicas)");
            return new InMemorySessionStore();
        }
        LOG.info("MCP sessions are kept in Redis at {}:{}", properties.redisHost(), properties.redisPort());
        return new RedisSessionStore(properties.redisUri(), properties.topicPrefix(), codec);
    }
}
