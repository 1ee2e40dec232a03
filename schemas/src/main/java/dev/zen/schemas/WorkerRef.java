package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Which worker answered: service, instance and the worker's version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerRef(String service, String instance, String version) {
}
