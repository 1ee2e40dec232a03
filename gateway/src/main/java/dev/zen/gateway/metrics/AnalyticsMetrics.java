package dev.zen.gateway.metrics;

import dev.zen.gateway.core.CallAnalytics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live analytics as Micrometer gauges, hence at {@code /actuator/prometheus}: per tool and window
 * ({@code 1m}, {@code 5m}, {@code 1h}) {@code zen_analytics_calls}, {@code zen_analytics_errors},
 * {@code zen_analytics_error_ratio}, {@code zen_analytics_refused} and {@code zen_analytics_latency_ms}
 * (tag {@code quantile} 0.5, 0.95, 0.99), and {@code zen_analytics_late_events}. Refreshed every 5 seconds from {@link CallAnalytics}; a tool
 * absent from a window drops out of it. Every replica reports the same numbers (each reads the whole
 * audit): aggregate across replicas with {@code max}, not {@code sum}.
 */
public final class AnalyticsMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsMetrics.class);
    private static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final CallAnalytics analytics;
    private final MultiGauge calls;
    private final MultiGauge errors;
    private final MultiGauge errorRatio;
    private final MultiGauge refused;
    private final MultiGauge latency;
    private final ScheduledExecutorService clock;

    public AnalyticsMetrics(CallAnalytics analytics, MeterRegistry registry) {
        this.analytics = analytics;
        this.calls = MultiGauge.builder("zen.analytics.calls").description("Calls that ended in the window").register(registry);
        this.errors = MultiGauge.builder("zen.analytics.errors").description("Calls that failed or timed out in the window").register(registry);
        this.errorRatio = MultiGauge.builder("zen.analytics.error.ratio").description("Errors over ended calls in the window")
                .register(registry);
        this.refused = MultiGauge.builder("zen.analytics.refused").description("Calls denied or rate limited in the window")
                .register(registry);
        this.latency = MultiGauge.builder("zen.analytics.latency").baseUnit("ms")
                .description("Latency percentile of ended calls in the window (upper bound of its histogram bucket)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("zen.analytics.late.events", analytics, CallAnalytics::lateEvents)
                .description("Audit events not counted because they came after their bucket's grace (1 min), since start").register(registry);
        this.clock = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("zen-analytics-metrics").factory());
        if (analytics.enabled()) {
            clock.scheduleAtFixedRate(this::refresh, 1, 5, TimeUnit.SECONDS);
        }
    }

    /** Re-reads every window; public for tests that cannot wait for the clock. */
    public void refresh() {
        try {
            List<MultiGauge.Row<?>> callRows = new ArrayList<>();
            List<MultiGauge.Row<?>> errorRows = new ArrayList<>();
            List<MultiGauge.Row<?>> ratioRows = new ArrayList<>();
            List<MultiGauge.Row<?>> refusedRows = new ArrayList<>();
            List<MultiGauge.Row<?>> latencyRows = new ArrayList<>();
            for (String window : CallAnalytics.WINDOW_NAMES) {
                var snapshot = analytics.last(window);
                if (snapshot.isEmpty()) {
                    return; // not ready: keep the last values rather than report zeros
                }
                snapshot.get().tools().forEach((tool, stats) -> {
                    Tags tags = Tags.of("tool", tool, "window", window);
                    callRows.add(MultiGauge.Row.of(tags, stats.ended()));
                    errorRows.add(MultiGauge.Row.of(tags, stats.errors()));
                    ratioRows.add(MultiGauge.Row.of(tags, stats.errorRate()));
                    refusedRows.add(MultiGauge.Row.of(tags, stats.refused()));
                    for (double q : QUANTILES) {
                        Long ms = stats.percentileMs(q * 100);
                        if (ms != null) {
                            latencyRows.add(MultiGauge.Row.of(tags.and("quantile", Double.toString(q)), ms));
                        }
                    }
                });
            }
            calls.register(callRows, true);
            errors.register(errorRows, true);
            errorRatio.register(ratioRows, true);
            refused.register(refusedRows, true);
            latency.register(latencyRows, true);
        } catch (RuntimeException e) {
            LOG.warn("Analytics gauges were not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
