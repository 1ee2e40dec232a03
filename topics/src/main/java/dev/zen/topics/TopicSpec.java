package dev.zen.topics;

import java.util.Map;

/** One topic as the catalogue wants it: full name, partition count and the topic configs Zen sets. */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Expected a topic name, but it was blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Expected at least one partition for " + name + ", but was " + partitions);
        }
        config = Map.copyOf(config == null ? Map.of() : config);
    }
}
