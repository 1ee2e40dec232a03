package dev.zen.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Zen topic name, in one place. The catalogue is data ({@code zen/topics.json}): fixed topics
 * and the per-tool templates {@code tool.{tool}} and {@code tool.{tool}.dlt}, all under a prefix
 * (default {@code zen.}). Code asks this class for names; nobody writes a topic name by hand.
 * Immutable and thread safe.
 */
public final class TopicCatalogue {

    public static final String DEFAULT_PREFIX = "zen.";
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final String prefix;
    private final Map<String, TopicSpec> fixed;
    private final Map<String, TopicSpec> perTool;
    private final Map<String, TopicSpec> perService;
    private final Map<String, TopicSpec> perRetry;

    private TopicCatalogue(String prefix, Map<String, TopicSpec> fixed, Map<String, TopicSpec> perTool, Map<String, TopicSpec> perService,
            Map<String, TopicSpec> perRetry) {
        this.prefix = prefix;
        this.fixed = fixed;
        this.perTool = perTool;
        this.perService = perService;
        this.perRetry = perRetry;
    }

    /** The catalogue with the default prefix. */
    public static TopicCatalogue standard() {
        return withPrefix(DEFAULT_PREFIX);
    }

    /** The catalogue under {@code prefix}, e.g. {@code "zen."} or {@code "staging.zen."}. */
    public static TopicCatalogue withPrefix(String prefix) {
        String p = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix;
        JsonNode root = read();
        TopicCatalogue catalogue = new TopicCatalogue(p, specs(root.path("topics"), p), specs(root.path("perTool"), p),
                specs(root.path("perService"), p), specs(root.path("perRetry"), p));
        // every process that provisions (gateway, workers, ops) must agree on the audit retention, whoever comes first
        String retention = System.getenv("ZEN_AUDIT_RETENTION");
        return retention == null || retention.isBlank() ? catalogue : catalogue.withAuditRetention(duration(retention.trim()));
    }

    /** A duration as ZEN_AUDIT_RETENTION spells it: {@code 30d}, {@code 12h}, {@code 90m}, {@code 600s}, {@code 1000ms}. */
    static java.time.Duration duration(String text) {
        java.util.regex.Matcher m = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("Expected ZEN_AUDIT_RETENTION like 30d, 12h, 90m, 600s or 1000ms, but was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
    }

    public String prefix() {
        return prefix;
    }

    public String replies() {
        return fixed("replies").name();
    }

    public String results() {
        return fixed("results").name();
    }

    /** Client answers (sampling/elicitation responses, cancels) the gateway relays to workers; every worker instance reads all of it. */
    public String answers() {
        return fixed("answers").name();
    }

    /** Webhook deliveries due now (first attempts). */
    public String callbacks() {
        return fixed("callbacks").name();
    }

    /**
     * The retry topic of callback deliveries that wait {@code delay} (e.g. {@code 5s}, {@code 5m},
     * {@code 2h}): every record on it waits the same, so records fall due in offset order.
     */
    public TopicSpec callbackRetry(java.time.Duration delay) {
        TopicSpec template = perRetry.get("callback-retry");
        return new TopicSpec(template.name().replace("{delay}", delayName(delay)), template.partitions(), template.config());
    }

    private static String delayName(java.time.Duration delay) {
        long seconds = delay.toSeconds();
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** The request topic of a service: resources/read, prompts/get, completion/complete and the like. */
    public String service(String serviceName) {
        if (serviceName == null || !SERVICE_NAME.matcher(serviceName).matches()) {
            throw new IllegalArgumentException("Expected a service name of [a-z0-9-]{1,64}, but was '" + serviceName + "'");
        }
        TopicSpec template = perService.get("service");
        return template.name().replace("{service}", serviceName);
    }

    /** The request topic spec of a service. */
    public TopicSpec serviceSpec(String serviceName) {
        TopicSpec template = perService.get("service");
        return new TopicSpec(service(serviceName), template.partitions(), template.config());
    }

    /**
     * The call ledger of a service: compacted, keyed by call id, one {@code CallLedgerEntry} per call
     * (started, then replied). Its partition {@code p} holds the calls of partition {@code p} of every
     * tool topic of the service (modulo its partition count); kept as long as the commands are.
     */
    public String ledger(String serviceName) {
        return ledgerSpec(serviceName).name();
    }

    /** The call ledger spec of a service. */
    public TopicSpec ledgerSpec(String serviceName) {
        service(serviceName); // checks the name
        TopicSpec template = perService.get("ledger");
        return new TopicSpec(template.name().replace("{service}", serviceName), template.partitions(), template.config());
    }

    public String events() {
        return fixed("events").name();
    }

    public String registry() {
        return fixed("registry").name();
    }

    /** The compacted API key topic: one {@code ApiKey} record per key id, hashes only. */
    public String keys() {
        return fixed("keys").name();
    }

    /** The compacted topic of the access policy in force ({@code AccessGrants}), which workers check too. */
    public String access() {
        return fixed("access").name();
    }

    /**
     * The reply topic of {@code ./zen replay --reexecute}: recorded commands re-issued against today's
     * workers answer here, never on the gateways' reply topic, so no gateway mistakes them for its calls.
     */
    public String replayReplies() {
        return fixed("replay-replies").name();
    }

    public String jobs() {
        return fixed("jobs").name();
    }

    public String audit() {
        return fixed("audit").name();
    }

    /**
     * This catalogue with the audit topic's retention set to {@code retention} ({@code ZEN_AUDIT_RETENTION},
     * 30 days by default). Provisioning applies it when it creates the topic; on an existing topic it
     * reports the drift and changes nothing (see docs/audit.md for the command that does).
     */
    public TopicCatalogue withAuditRetention(java.time.Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("Expected ZEN_AUDIT_RETENTION to be a positive duration, but was " + retention);
        }
        Map<String, TopicSpec> changed = new LinkedHashMap<>(fixed);
        TopicSpec audit = fixed("audit");
        Map<String, String> config = new LinkedHashMap<>(audit.config());
        config.put("retention.ms", Long.toString(retention.toMillis()));
        changed.put("audit", new TopicSpec(audit.name(), audit.partitions(), config));
        return new TopicCatalogue(prefix, java.util.Collections.unmodifiableMap(changed), perTool, perService, perRetry);
    }

    public String callbacksDlt() {
        return fixed("callbacks-dlt").name();
    }

    /** The command topic of a tool. */
    public String tool(String toolName) {
        return toolSpec("tool", toolName).name();
    }

    /** The dead-letter topic of a tool's command topic. */
    public String toolDlt(String toolName) {
        return toolSpec("tool-dlt", toolName).name();
    }

    /** The fixed topics (replies, registry, audit, ...). */
    public List<TopicSpec> fixedTopics() {
        return List.copyOf(fixed.values());
    }

    /** The command and dead-letter topics of the given tools. */
    public List<TopicSpec> toolTopics(Iterable<String> toolNames) {
        List<TopicSpec> specs = new ArrayList<>();
        for (String tool : toolNames) {
            for (String key : perTool.keySet()) {
                specs.add(toolSpec(key, tool));
            }
        }
        return specs;
    }

    public TopicSpec fixed(String key) {
        TopicSpec spec = fixed.get(key);
        if (spec == null) {
            throw new IllegalArgumentException("Expected a catalogue topic '" + key + "', but the catalogue has " + fixed.keySet());
        }
        return spec;
    }

    private TopicSpec toolSpec(String key, String toolName) {
        if (toolName == null || !TOOL_NAME.matcher(toolName).matches()) {
            throw new IllegalArgumentException("Expected a tool name of [A-Za-z0-9_.-]{1,128}, but was '" + toolName + "'");
        }
        TopicSpec template = perTool.get(key);
        return new TopicSpec(template.name().replace("{tool}", toolName), template.partitions(), template.config());
    }

    private static Map<String, TopicSpec> specs(JsonNode array, String prefix) {
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        for (JsonNode node : array) {
            Map<String, String> config = new LinkedHashMap<>();
            node.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asString()));
            specs.put(node.path("key").asString(),
                    new TopicSpec(prefix + node.path("name").asString(), node.path("partitions").asInt(1), config));
        }
        return java.util.Collections.unmodifiableMap(specs); // keeps the catalogue's order
    }

    private static JsonNode read() {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream("/zen/topics.json")) {
            if (in == null) {
                throw new IllegalStateException("Expected zen/topics.json on the classpath");
            }
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
