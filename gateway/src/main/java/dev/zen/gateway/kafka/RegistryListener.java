package dev.zen.gateway.kafka;

import dev.zen.gateway.core.ToolCatalog;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.topics.CompactedTopicFollower;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted registry topic from the beginning into the {@link ToolCatalog}: announcements
 * and heartbeats update an instance, tombstones mark it stopped. {@link #awaitCaughtUp} blocks until
 * everything that was on the topic at start has been read, so the first tools/list is complete.
 */
public final class RegistryListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryListener.class);

    private final ToolCatalog catalog;
    private final RecordCodec codec;
    private final CompactedTopicFollower follower;

    public RegistryListener(String bootstrap, TopicCatalogue topics, ToolCatalog catalog, RecordCodec codec, String instanceId) {
        this.catalog = catalog;
        this.codec = codec;
        this.follower = new CompactedTopicFollower(bootstrap, topics.registry(), "zen-gateway-registry-" + instanceId, this::apply);
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                catalog.stopped(record.key());
            }
            return;
        }
        try {
            ServiceAnnouncement announcement = codec.decode(record.value(), ServiceAnnouncement.class);
            if (dev.zen.schemas.SchemaId.SERVICE_ANNOUNCEMENT.readable(announcement.schema())) {
                catalog.announced(announcement);
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable registry record {}@{}: {}", record.key(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
