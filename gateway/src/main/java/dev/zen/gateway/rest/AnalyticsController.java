package dev.zen.gateway.rest;

import dev.zen.gateway.GatewayProperties;
import dev.zen.gateway.core.CallAnalytics;
import dev.zen.gateway.core.CallStatistics;
import dev.zen.gateway.security.Callers;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/analytics?window=1m|5m|1h} (default 5m): per tool the calls that ended, errors,
 * error rate, refused calls and p50/p95/p99 latency over the window ending now, from the live
 * analytics of the audit topic. With authentication on, only the roles {@code admin} and
 * {@code analyst} may read it (403 otherwise); 404 when {@code ZEN_ANALYTICS=off}; 503 while the
 * aggregation starts or rebalances.
 */
@RestController
final class AnalyticsController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final CallAnalytics analytics;
    private final boolean authEnabled;

    AnalyticsController(CallAnalytics analytics, GatewayProperties properties) {
        this.analytics = analytics;
        this.authEnabled = properties.authEnabled();
    }

    @GetMapping(path = "/v1/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> analytics(@RequestParam(name = "window", defaultValue = "5m") String window) {
        if (authEnabled && Callers.current().roles().stream().noneMatch(CallAnalytics.READER_ROLES::contains)) {
            return RestErrors.forbidden("Expected a caller with a role of " + CallAnalytics.READER_ROLES + " to read analytics, but "
                    + Callers.current().subject() + " has " + Callers.current().roles(), null);
        }
        if (!analytics.enabled()) {
            return RestErrors.error(HttpStatus.NOT_FOUND, -32601, "Analytics are off on this gateway (ZEN_ANALYTICS=off)", null);
        }
        if (!CallAnalytics.WINDOWS.containsKey(window)) {
            return RestErrors.fieldError(HttpStatus.BAD_REQUEST, -32602, "Expected window to be one of " + CallAnalytics.WINDOW_NAMES
                    + ", but was '" + window + "'", "window");
        }
        Optional<CallAnalytics.Snapshot> snapshot = analytics.last(window);
        if (snapshot.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").contentType(MediaType.APPLICATION_JSON)
                    .body(RestErrors.error(HttpStatus.SERVICE_UNAVAILABLE, -32603,
                            "Analytics are starting or rebalancing; try again in a second", null).getBody());
        }
        return ResponseEntity.ok(body(snapshot.get()));
    }

    private static JsonNode body(CallAnalytics.Snapshot snapshot) {
        ObjectNode body = JSON.objectNode();
        body.put("window", snapshot.window());
        body.put("from", snapshot.from().toString());
        body.put("to", snapshot.to().toString());
        ObjectNode tools = body.putObject("tools");
        snapshot.tools().forEach((tool, stats) -> tools.set(tool, tool(stats)));
        return body;
    }

    private static ObjectNode tool(CallStatistics stats) {
        ObjectNode node = JSON.objectNode();
        node.put("count", stats.ended());
        node.put("errors", stats.errors());
        node.put("errorRate", stats.errorRate());
        node.put("refused", stats.refused());
        ObjectNode latency = node.putObject("latencyMs");
        for (int p : new int[] {50, 95, 99}) {
            Long ms = stats.percentileMs(p);
            if (ms == null) {
                latency.putNull("p" + p);
            } else {
                latency.put("p" + p, ms);
            }
        }
        var histogram = node.putArray("histogram");
        long[] buckets = stats.buckets();
        for (int i = 0; i < buckets.length; i++) {
            histogram.addObject().put("le", i < CallStatistics.BOUNDS_MS.length ? Long.toString(CallStatistics.BOUNDS_MS[i]) : "+Inf")
                    .put("count", buckets[i]);
        }
        return node;
    }
}
