package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** W3C trace context of the call, carried so that workers continue the caller's trace. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TraceContext(String traceparent, String tracestate) {
}
