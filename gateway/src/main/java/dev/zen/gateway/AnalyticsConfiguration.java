package dev.zen.gateway;

import dev.zen.gateway.core.CallAnalytics;
import dev.zen.gateway.kafka.KafkaCallAnalytics;
import dev.zen.topics.TopicCatalogue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Live analytics over the audit topic ({@code ZEN_ANALYTICS}, docs/audit.md): the Kafka Streams application and its gauges. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsProperties.class)
class AnalyticsConfiguration {

    /** Spring closes the Streams application (its close is inferred) and, with it, its consumer group. */
    @Bean
    CallAnalytics callAnalytics(AnalyticsProperties analytics, GatewayProperties properties, TopicCatalogue topics, String gatewayInstanceId) {
        if (!analytics.enabled()) {
            return CallAnalytics.OFF;
        }
        return new KafkaCallAnalytics(properties.kafkaBootstrap(), topics.audit(), properties.topicPrefix(), gatewayInstanceId,
                System::currentTimeMillis);
    }

    @Bean
    dev.zen.gateway.metrics.AnalyticsMetrics analyticsMetrics(CallAnalytics analytics, io.micrometer.core.instrument.MeterRegistry registry) {
        return new dev.zen.gateway.metrics.AnalyticsMetrics(analytics, registry);
    }
}
