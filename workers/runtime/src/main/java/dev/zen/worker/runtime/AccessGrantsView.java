package dev.zen.worker.runtime;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.SchemaId;
import dev.zen.topics.CompactedTopicFollower;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access policy the gateway last published on the compacted access topic, followed live. Null
 * until a gateway has published one (then nothing is refused: no gateway has a policy); a record that
 * does not decode leaves the previous policy in force.
 */
final class AccessGrantsView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessGrantsView.class);

    private final RecordCodec codec = RecordCodec.shared();
    private final CompactedTopicFollower follower;
    private volatile AccessGrants current;

    AccessGrantsView(String bootstrap, String topic, String clientId) {
        this.follower = new CompactedTopicFollower(bootstrap, topic, clientId, this::apply);
    }

    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    AccessGrants current() {
        return current;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            current = null;
            return;
        }
        try {
            AccessGrants grants = codec.decode(record.value(), AccessGrants.class);
            if (SchemaId.ACCESS_GRANTS.readable(grants.schema())) {
                current = grants;
                LOG.info("Access policy in force: {}", grants.enforced() ? "roles " + grants.roles().keySet() + " from " + grants.source()
                        : "none (" + grants.source() + ")");
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable access policy record at offset {}, the previous one stays: {}", record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
