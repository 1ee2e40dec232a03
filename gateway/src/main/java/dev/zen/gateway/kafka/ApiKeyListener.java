package dev.zen.gateway.kafka;

import dev.zen.gateway.core.ApiKeyDirectory;
import dev.zen.schemas.ApiKey;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.SchemaId;
import dev.zen.topics.CompactedTopicFollower;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ApiKeyDirectory} of the compacted keys topic, which {@code ./zen keys} writes: every
 * gateway replica reads it whole at start and follows it, so a created key works and a revoked one
 * stops working on all replicas within a poll (about 200 ms).
 */
public final class ApiKeyListener implements ApiKeyDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyListener.class);

    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    private final RecordCodec codec;
    private final CompactedTopicFollower follower;

    public ApiKeyListener(String bootstrap, TopicCatalogue topics, RecordCodec codec, String instanceId) {
        this.codec = codec;
        this.follower = new CompactedTopicFollower(bootstrap, topics.keys(), "zen-gateway-keys-" + instanceId, this::apply);
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                keys.remove(record.key());
            }
            return;
        }
        try {
            ApiKey key = codec.decode(record.value(), ApiKey.class);
            if (SchemaId.API_KEY.readable(key.schema())) {
                keys.put(key.id(), key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable key record at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
