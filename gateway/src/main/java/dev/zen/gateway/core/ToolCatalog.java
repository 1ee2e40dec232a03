package dev.zen.gateway.core;

import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of the registry: every worker instance it has heard of, and from that the tools
 * it can serve now (the union of the tools of healthy instances). Listeners hear when that set of
 * tools changes. Thread safe: updates come from the registry listener and the health clock, reads
 * from request threads; a read sees one consistent snapshot.
 */
public final class ToolCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    /** How long a stopped or silent instance is still listed (in /v1/services and /health) before it is forgotten. */
    private static final long FORGET_AFTER_MS = 10 * 60_000;

    private final Map<String, ServiceInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, String> knownServiceOfTool = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final RecordValidator validator;
    private final LongSupplier clock;
    private final Map<ToolDescriptor, RecordValidator.CompiledSchema> compiled = new ConcurrentHashMap<>();
    private volatile Map<String, ToolEntry> live = Map.of();

    public ToolCatalog(RecordValidator validator, LongSupplier clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /** Registers a listener called (on the updating thread) whenever the set of live tools changes. */
    public void onToolsChanged(Runnable listener) {
        listeners.add(listener);
    }

    public void announced(ServiceAnnouncement announcement) {
        instances.put(announcement.key(), new ServiceInstance(announcement, false));
        refresh();
    }

    public void stopped(String key) {
        instances.computeIfPresent(key, (k, instance) -> new ServiceInstance(instance.announcement(), true));
        refresh();
    }

    /** Re-evaluates health against the clock (heartbeats expire without any record arriving). */
    public synchronized void refresh() {
        long now = clock.getAsLong();
        // retired instances (random ids, one per restart) must not pile up
        instances.values().removeIf(i -> !i.healthy(now) && now - i.announcement().heartbeatAt() > FORGET_AFTER_MS);
        Map<String, ToolEntry> next = new TreeMap<>();
        instances.values().stream()
                .sorted(Comparator.comparing((ServiceInstance i) -> i.announcement().heartbeatAt()))
                .forEach(instance -> {
                    ServiceAnnouncement a = instance.announcement();
                    for (ToolDescriptor tool : a.tools()) {
                        knownServiceOfTool.put(tool.name(), a.service());
                        RecordValidator.CompiledSchema schema = instance.healthy(now) ? compile(tool) : null;
                        if (schema != null) {
                            // the freshest healthy announcement of a tool wins (rolling upgrades change descriptors)
                            next.put(tool.name(), new ToolEntry(tool, a.service(), schema));
                        }
                    }
                });
        Map<String, ToolEntry> previous = live;
        live = Map.copyOf(next);
        if (!sameTools(previous, live)) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The compiled input schema, or null (tool left out, with a warning) when it does not compile. */
    private RecordValidator.CompiledSchema compile(ToolDescriptor tool) {
        try {
            return compiled.computeIfAbsent(tool, t -> validator.compile(t.inputSchema()));
        } catch (RuntimeException e) {
            LOG.warn("Tool {} is left out: its inputSchema does not compile: {}", tool.name(), e.getMessage());
            return null;
        }
    }

    /** The live tools, sorted by name. */
    public List<ToolEntry> liveTools() {
        return new ArrayList<>(new TreeMap<>(live).values());
    }

    public Optional<ToolEntry> liveTool(String name) {
        return Optional.ofNullable(live.get(name));
    }

    /** The service that once announced {@code tool}, whether or not it has a live worker now. */
    public Optional<String> knownService(String tool) {
        return Optional.ofNullable(knownServiceOfTool.get(tool));
    }

    /** Every instance heard of, grouped by service name. */
    public Map<String, List<ServiceInstance>> services() {
        Map<String, List<ServiceInstance>> byService = new TreeMap<>();
        instances.values().forEach(i -> byService.computeIfAbsent(i.announcement().service(), s -> new ArrayList<>()).add(i));
        byService.values().forEach(list -> list.sort(Comparator.comparing(i -> i.announcement().instance())));
        return byService;
    }

    public long now() {
        return clock.getAsLong();
    }

    private static boolean sameTools(Map<String, ToolEntry> a, Map<String, ToolEntry> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> e.getValue().descriptor().equals(b.get(e.getKey()).descriptor()));
    }
}
