package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How long a command waited on its topic and how long the tool ran, in milliseconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Timings(long queuedMs, long executedMs) {
}
