package dev.zen.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The one real Kafka broker of a test JVM: an in-JVM KRaft broker from spring-kafka-test, started
 * on first use and stopped when the JVM exits. Test classes share it and keep apart by using their
 * own topic prefix ({@link #uniquePrefix(String)}) and consumer groups.
 */
public final class SharedKafka {

    private static EmbeddedKafkaKraftBroker broker;
    private static int prefixes;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperties(Map.of(
                    "auto.create.topics.enable", "false",
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "4"));
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "shared-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** A topic prefix no other test in this JVM uses, e.g. {@code t3.zen.}. */
    public static synchronized String uniquePrefix(String name) {
        return name + (++prefixes) + ".zen.";
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
