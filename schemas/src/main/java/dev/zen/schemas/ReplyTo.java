package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Where a synchronous command's reply must be written: a topic and, optionally, a partition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplyTo(String topic, Integer partition) {

    public ReplyTo {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("Expected a reply topic, but it was blank");
        }
    }
}
