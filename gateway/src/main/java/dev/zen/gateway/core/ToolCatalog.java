package dev.zen.gateway.core;

import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.UriTemplate;
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
    private final List<Runnable> resourceListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> promptListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, ToolEntry> live = Map.of();
    private volatile Map<String, Offering> resources = Map.of();
    private volatile List<Offering> templates = List.of();
    private volatile Map<String, Offering> prompts = Map.of();

    public ToolCatalog(RecordValidator validator, LongSupplier clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /** Registers a listener called (on the updating thread) whenever the set of live tools changes. */
    public void onToolsChanged(Runnable listener) {
        listeners.add(listener);
    }

    /** Registers a listener called when the live resources or resource templates change. */
    public void onResourcesChanged(Runnable listener) {
        resourceListeners.add(listener);
    }

    /** Registers a listener called when the live prompts change. */
    public void onPromptsChanged(Runnable listener) {
        promptListeners.add(listener);
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
        Map<String, Offering> nextResources = new TreeMap<>();
        Map<String, Offering> nextTemplates = new TreeMap<>();
        Map<String, Offering> nextPrompts = new TreeMap<>();
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
                    if (instance.healthy(now)) {
                        a.resources().forEach(r -> nextResources.put(r.path("uri").asString(), new Offering(r, a.service())));
                        a.prompts().forEach(p -> nextPrompts.put(p.path("name").asString(), new Offering(p, a.service())));
                        for (var t : a.resourceTemplates()) {
                            try {
                                String uriTemplate = t.path("uriTemplate").asString();
                                nextTemplates.put(uriTemplate, new Offering(t, a.service(), new UriTemplate(uriTemplate)));
                            } catch (IllegalArgumentException e) {
                                LOG.warn("Resource template of {} left out: {}", a.service(), e.getMessage());
                            }
                        }
                    }
                });
        Map<String, Offering> previousResources = resources;
        List<Offering> previousTemplates = templates;
        Map<String, Offering> previousPrompts = prompts;
        resources = Map.copyOf(nextResources);
        templates = List.copyOf(nextTemplates.values());
        prompts = Map.copyOf(nextPrompts);
        if (!descriptors(previousResources.values()).equals(descriptors(resources.values()))
                || !descriptors(previousTemplates).equals(descriptors(templates))) {
            resourceListeners.forEach(Runnable::run);
        }
        if (!descriptors(previousPrompts.values()).equals(descriptors(prompts.values()))) {
            promptListeners.forEach(Runnable::run);
        }
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

    private static java.util.Set<tools.jackson.databind.JsonNode> descriptors(java.util.Collection<Offering> offerings) {
        java.util.Set<tools.jackson.databind.JsonNode> set = new java.util.HashSet<>();
        offerings.forEach(o -> set.add(o.descriptor()));
        return set;
    }

    /** The live resources, sorted by URI. */
    public List<Offering> liveResources() {
        return new ArrayList<>(new TreeMap<>(resources).values());
    }

    /** The live resource templates, sorted by URI template. */
    public List<Offering> liveTemplates() {
        return templates;
    }

    /** The live prompts, sorted by name. */
    public List<Offering> livePrompts() {
        return new ArrayList<>(new TreeMap<>(prompts).values());
    }

    public Optional<Offering> livePrompt(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    /** The service that serves {@code uri}: a live resource with that URI, else the first live template that matches it. */
    public Optional<String> serviceOfResource(String uri) {
        Offering exact = resources.get(uri);
        if (exact != null) {
            return Optional.of(exact.service());
        }
        return templates.stream().filter(t -> t.template().match(uri).isPresent()).map(Offering::service).findFirst();
    }

    /** The service of the live resource template written exactly {@code uriTemplate}. */
    public Optional<String> serviceOfTemplate(String uriTemplate) {
        return templates.stream().filter(t -> t.template().toString().equals(uriTemplate)).map(Offering::service).findFirst();
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
