package dev.zen.gateway;

import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.gateway.kafka.KafkaCommandBus;
import dev.zen.gateway.kafka.RegistryListener;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordValidator;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the core to its Kafka adapters; provisions the fixed topics and waits for the registry at start. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Bean
    RecordCodec recordCodec() {
        return RecordCodec.shared();
    }

    @Bean
    TopicCatalogue topicCatalogue(GatewayProperties properties) {
        TopicCatalogue topics = TopicCatalogue.withPrefix(properties.topicPrefix()).withAuditRetention(properties.auditRetention());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap()))) {
            java.util.List<dev.zen.topics.TopicSpec> specs = new java.util.ArrayList<>(topics.fixedTopics());
            specs.addAll(dev.zen.gateway.kafka.CallbackDispatcher.retryTopics(topics,
                    dev.zen.gateway.kafka.CallbackDispatcher.parseSchedule(properties.callbackRetrySchedule())));
            new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(specs);
        }
        return topics;
    }

    @Bean
    String gatewayInstanceId(GatewayProperties properties) {
        return properties.instanceId() == null || properties.instanceId().isBlank()
                ? "gw-" + UUID.randomUUID().toString().substring(0, 8)
                : properties.instanceId();
    }

    @Bean
    ToolCatalog toolCatalog(RecordCodec codec) {
        return new ToolCatalog(new RecordValidator(codec), System::currentTimeMillis);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService healthClock(ToolCatalog catalog) {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("zen-health-clock").factory());
        clock.scheduleAtFixedRate(() -> {
            try {
                catalog.refresh();
            } catch (RuntimeException e) {
                // a scheduled task that throws is cancelled: keep the clock ticking
                LOG.warn("Registry health refresh failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return clock;
    }

    @Bean(destroyMethod = "close")
    RegistryListener registryListener(GatewayProperties properties, TopicCatalogue topics, ToolCatalog catalog, RecordCodec codec,
            String gatewayInstanceId) throws InterruptedException {
        RegistryListener listener = new RegistryListener(properties.kafkaBootstrap(), topics, catalog, codec, gatewayInstanceId);
        if (!listener.awaitCaughtUp(Duration.ofSeconds(30))) {
            LOG.warn("The registry was not read to its end within 30 s; tools/list may be incomplete for a moment");
        }
        return listener;
    }

    /**
     * The gateway's one Kafka producer, shared by every writer (commands, audit, jobs, callbacks, the
     * access policy): one connection, and records of all of them in the same produce requests. Closed
     * after every bean that uses it.
     */
    @Bean(destroyMethod = "close")
    org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer(GatewayProperties properties, String gatewayInstanceId) {
        return new org.apache.kafka.clients.producer.KafkaProducer<>(
                dev.zen.gateway.kafka.GatewayKafkaClients.producer(properties.kafkaBootstrap(), "zen-gateway-" + gatewayInstanceId));
    }

    @Bean(destroyMethod = "close")
    KafkaCommandBus commandBus(org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer, GatewayProperties properties,
            TopicCatalogue topics, RecordCodec codec, String gatewayInstanceId) throws InterruptedException {
        KafkaCommandBus bus = new KafkaCommandBus(gatewayProducer, properties.kafkaBootstrap(), topics, codec, gatewayInstanceId,
                properties.replyPartition());
        if (!bus.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException("Expected the reply listener on " + topics.replies() + " to start within 60 s, but it did not");
        }
        return bus;
    }

    @Bean
    dev.zen.gateway.core.ServiceRequests serviceRequests(ToolCatalog catalog, KafkaCommandBus bus, GatewayProperties properties) {
        return new dev.zen.gateway.core.ServiceRequests(catalog, bus, properties.callTimeout());
    }

    /** The API keys of {@code ./zen keys}, read whole before the gateway serves. */
    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.ApiKeyListener apiKeys(GatewayProperties properties, TopicCatalogue topics, RecordCodec codec,
            String gatewayInstanceId) throws InterruptedException {
        dev.zen.gateway.kafka.ApiKeyListener keys = new dev.zen.gateway.kafka.ApiKeyListener(properties.kafkaBootstrap(), topics, codec,
                gatewayInstanceId);
        if (!keys.awaitCaughtUp(Duration.ofSeconds(30))) {
            LOG.warn("The API keys on {} were not read to their end within 30 s; keys created before this start may be refused for a moment",
                    topics.keys());
        }
        return keys;
    }

    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.AccessGrantsPublisher accessGrantsPublisher(
            org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer, TopicCatalogue topics, RecordCodec codec) {
        return new dev.zen.gateway.kafka.AccessGrantsPublisher(gatewayProducer, topics, codec);
    }

    /**
     * The access policy: {@code ZEN_POLICY_FILE} (reloaded on change), or everything allowed without one.
     * Whatever is in force is published to the access topic, where the workers check it too.
     */
    @Bean
    dev.zen.gateway.core.AccessPolicy accessPolicy(GatewayProperties properties, dev.zen.gateway.kafka.AccessGrantsPublisher publisher) {
        if (properties.policyFile() == null || properties.policyFile().isBlank()) {
            publisher.publish(dev.zen.schemas.AccessGrants.allowAll("no ZEN_POLICY_FILE", System.currentTimeMillis()));
            return dev.zen.gateway.core.AccessPolicy.ALLOW_ALL;
        }
        return new dev.zen.gateway.policy.PolicyFile(java.nio.file.Path.of(properties.policyFile()), publisher::publish);
    }

    /** Token buckets: in Redis when {@code REDIS_HOST} is set (shared by the replicas), else in this process. */
    @Bean
    dev.zen.gateway.core.RateLimiter rateLimiter(GatewayProperties properties) {
        if (!properties.usesRedis()) {
            return new dev.zen.gateway.ratelimit.LocalRateLimiter();
        }
        return new dev.zen.gateway.ratelimit.RedisRateLimiter(properties.redisUri(), properties.topicPrefix());
    }

    @Bean
    CallService callService(ToolCatalog catalog, KafkaCommandBus bus, GatewayProperties properties,
            dev.zen.gateway.core.AccessPolicy policy, dev.zen.gateway.core.RateLimiter limiter, dev.zen.gateway.core.CallAudit audit) {
        java.util.Optional<dev.zen.gateway.core.RateLimiter.Limit> perCaller = properties.apiRateLimit() > 0
                ? java.util.Optional.of(new dev.zen.gateway.core.RateLimiter.Limit(properties.apiRateLimit(), Duration.ofMinutes(1)))
                : java.util.Optional.empty();
        return new CallService(catalog, bus, properties.callTimeout(), policy,
                new dev.zen.gateway.core.CallLimits(limiter, perCaller, policy), audit);
    }

    // ---------------------------------------------------------------- audit

    /**
     * The audit topic's writer ({@code ZEN_AUDIT=on}, the default), or nothing at all with {@code ZEN_AUDIT=off}.
     * Spring closes the Kafka writer (its close is inferred), which writes what is queued.
     */
    @Bean
    dev.zen.gateway.core.AuditTrail auditTrail(org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer,
            GatewayProperties properties, TopicCatalogue topics, RecordCodec codec) {
        return switch (properties.audit().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> new dev.zen.gateway.kafka.KafkaAuditTrail(gatewayProducer, topics.audit(), codec);
            case "off", "false" -> dev.zen.gateway.core.AuditTrail.OFF;
            default -> throw new IllegalArgumentException("Expected ZEN_AUDIT to be on or off, but was '" + properties.audit() + "'");
        };
    }

    @Bean
    dev.zen.gateway.core.CallAudit callAudit(dev.zen.gateway.core.AuditTrail auditTrail, ToolCatalog catalog, String gatewayInstanceId) {
        return new dev.zen.gateway.core.CallAudit(auditTrail, "gateway:" + gatewayInstanceId, catalog);
    }

    /** The job store every job user sees: saves are audited (a job's end, its callback attempts). */
    @Bean
    @org.springframework.context.annotation.Primary
    dev.zen.gateway.core.JobStore auditedJobStore(dev.zen.gateway.kafka.KafkaJobStore store, dev.zen.gateway.core.CallAudit audit) {
        return new dev.zen.gateway.core.AuditedJobStore(store, audit);
    }

    // ---------------------------------------------------------------- long jobs

    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.KafkaJobStore jobStore(org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer,
            GatewayProperties properties, TopicCatalogue topics, RecordCodec codec, String gatewayInstanceId) throws InterruptedException {
        dev.zen.gateway.kafka.KafkaJobStore store = new dev.zen.gateway.kafka.KafkaJobStore(gatewayProducer, properties.kafkaBootstrap(),
                topics, codec, gatewayInstanceId);
        if (!store.awaitCaughtUp(Duration.ofSeconds(60))) {
            LOG.warn("The jobs on {} were not read to their end within 60 s; older jobs may be missing for a moment", topics.jobs());
        }
        return store;
    }

    @Bean
    dev.zen.gateway.core.SecretSealer secretSealer(GatewayProperties properties) {
        String key = properties.callbackKey();
        if (key == null || key.isBlank()) {
            LOG.warn("ZEN_CALLBACK_KEY is not set: callback secrets are sealed with a key of this process only, so callbacks of jobs"
                    + " accepted before a restart or by another replica cannot be signed; set the same key on every replica");
            key = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        }
        return new dev.zen.gateway.core.SecretSealer(key);
    }

    @Bean
    dev.zen.gateway.core.CallbackGuard callbackGuard(GatewayProperties properties) {
        return dev.zen.gateway.core.CallbackGuard.fromList(properties.callbackAllowlist());
    }

    @Bean
    dev.zen.gateway.core.JobService jobService(CallService calls, KafkaCommandBus bus, dev.zen.gateway.core.JobStore store,
            dev.zen.gateway.core.CallbackGuard guard, dev.zen.gateway.core.SecretSealer sealer, GatewayProperties properties,
            dev.zen.gateway.kafka.KafkaCallbackQueue callbacks, dev.zen.gateway.core.IdempotencyClaims claims) {
        return new dev.zen.gateway.core.JobService(calls, bus, store, callbacks, claims, guard, sealer, properties.jobTimeout(), properties.jobTtl(),
                Duration.ofDays(7));
    }

    /** Idempotency keys of jobs: claimed in Redis when {@code REDIS_HOST} is set (shared by the replicas), else in this process. */
    @Bean
    dev.zen.gateway.core.IdempotencyClaims idempotencyClaims(GatewayProperties properties) {
        if (!properties.usesRedis()) {
            return dev.zen.gateway.core.IdempotencyClaims.inProcess();
        }
        return new dev.zen.gateway.redis.RedisIdempotencyClaims(properties.redisUri(), properties.topicPrefix());
    }

    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.KafkaCallbackQueue callbackQueue(org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer,
            TopicCatalogue topics, RecordCodec codec) {
        return new dev.zen.gateway.kafka.KafkaCallbackQueue(gatewayProducer, topics, codec);
    }

    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.JobTracker jobTracker(GatewayProperties properties, TopicCatalogue topics, RecordCodec codec,
            dev.zen.gateway.core.JobStore store, dev.zen.gateway.kafka.KafkaCallbackQueue callbacks, String gatewayInstanceId) {
        return new dev.zen.gateway.kafka.JobTracker(properties.kafkaBootstrap(), topics, codec, store, callbacks, gatewayInstanceId);
    }

    @Bean(destroyMethod = "close")
    dev.zen.gateway.kafka.CallbackDispatcher callbackDispatcher(org.apache.kafka.clients.producer.Producer<String, byte[]> gatewayProducer,
            GatewayProperties properties, TopicCatalogue topics, RecordCodec codec,
            dev.zen.gateway.core.JobStore store, dev.zen.gateway.core.SecretSealer sealer, dev.zen.gateway.core.CallbackGuard guard,
            String gatewayInstanceId) {
        return new dev.zen.gateway.kafka.CallbackDispatcher(gatewayProducer, properties.kafkaBootstrap(), topics, codec, store, sealer, guard,
                dev.zen.gateway.kafka.CallbackDispatcher.parseSchedule(properties.callbackRetrySchedule()), gatewayInstanceId);
    }
}
