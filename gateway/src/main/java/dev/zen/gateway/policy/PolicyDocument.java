package dev.zen.gateway.policy;

import dev.zen.gateway.core.RateLimiter;
import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Glob;
import dev.zen.schemas.Principal;
import dev.zen.schemas.SchemaId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A parsed policy file: for each role, the tools (and optionally resources and prompts) it may use,
 * as names or {@link Glob globs} ({@code *} any run of characters, {@code ?} one), and an optional
 * rate limit ({@code 5/1m}). A caller may use what any of its roles allows; what no role lists is
 * denied. Under {@code memory}, a role may be granted shared memory namespaces (globs) to
 * {@code read} and to {@code write} (write implies read); a caller's own private namespace needs no
 * grant. The grants part is the {@link AccessGrants} record workers check too. Immutable.
 *
 * <pre>
 * roles:
 *   reader:
 *     tools: [file_read, file_list]
 *     resources: ["file:///*"]
 *     prompts: ["*"]
 *     rate_limit: 5/1m
 *   analyst:
 *     tools: [search_memories, store_memory]
 *     memory:
 *       read: ["team-*", handbook]
 *       write: [team-analytics]
 *   admin:
 *     tools: ["*"]
 * </pre>
 */
record PolicyDocument(AccessGrants grants, Map<String, RateLimiter.Limit> rateLimits) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern RATE = Pattern.compile("(\\d+)/(\\d*)([smh])");
    private static final List<String> MEMORY_KEYS = List.of("read", "write");

    /**
     * Parses a policy file; {@code source} names it in the grants record.
     *
     * @throws IllegalArgumentException naming the first thing that is wrong (path in the document and why)
     */
    static PolicyDocument parse(byte[] yaml, String source, long now) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Expected a YAML policy, but it does not parse: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("roles").isObject()) {
            throw new IllegalArgumentException("Expected a top-level 'roles' map");
        }
        Map<String, AccessGrants.Grant> roles = new LinkedHashMap<>();
        Map<String, RateLimiter.Limit> limits = new LinkedHashMap<>();
        for (var entry : root.path("roles").properties()) {
            String name = entry.getKey();
            JsonNode role = entry.getValue();
            if (!role.isObject()) {
                throw new IllegalArgumentException("Expected roles." + name + " to be a map");
            }
            if (!role.path("rate_limit").isMissingNode()) {
                String rate = role.path("rate_limit").asString("");
                if (!RATE.matcher(rate).matches()) {
                    throw new IllegalArgumentException("Expected roles." + name + ".rate_limit like 5/1m (requests per window), but was '"
                            + rate + "'");
                }
                limits.put(name, RateLimiter.Limit.parse(rate));
            }
            String at = "roles." + name;
            JsonNode memory = memory(role.path("memory"), at + ".memory");
            roles.put(name, new AccessGrants.Grant(globs(role.path("tools"), at + ".tools"), globs(role.path("resources"), at + ".resources"),
                    globs(role.path("prompts"), at + ".prompts"), globs(memory.path("read"), at + ".memory.read"),
                    globs(memory.path("write"), at + ".memory.write")));
        }
        return new PolicyDocument(new AccessGrants(SchemaId.ACCESS_GRANTS, true, roles, source, now), Map.copyOf(limits));
    }

    static PolicyDocument parse(byte[] yaml) {
        return parse(yaml, "test", 0);
    }

    /** A role's {@code memory} map (missing: an empty one), refused when it is not a map or has keys other than read and write. */
    private static JsonNode memory(JsonNode memory, String path) {
        if (memory.isMissingNode() || memory.isNull()) {
            return MissingNode.getInstance();
        }
        if (!memory.isObject()) {
            throw new IllegalArgumentException("Expected " + path + " to be a map of 'read' and 'write' namespace lists");
        }
        for (String key : memory.propertyNames()) {
            if (!MEMORY_KEYS.contains(key)) {
                throw new IllegalArgumentException("Expected " + path + " to have only " + MEMORY_KEYS + ", but it has '" + key + "'");
            }
        }
        return memory;
    }

    private static List<String> globs(JsonNode list, String path) {
        List<String> patterns = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return patterns;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("Expected " + path + " to be a list of names or globs");
        }
        for (JsonNode item : list) {
            if (!item.isString() || item.asString().isBlank()) {
                throw new IllegalArgumentException("Expected " + path + " to hold non-empty strings");
            }
            patterns.add(item.asString());
        }
        return List.copyOf(patterns);
    }

    /** The rate limits of the caller's roles ({@code anonymous} when it has none) that allow {@code tool} and limit it. */
    Map<String, RateLimiter.Limit> limitsFor(Principal caller, String tool) {
        Map<String, RateLimiter.Limit> found = new TreeMap<>();
        for (String roleName : AccessGrants.rolesOf(caller)) {
            RateLimiter.Limit limit = rateLimits.get(roleName);
            AccessGrants.Grant grant = grants.roles().get(roleName);
            if (limit != null && grant != null && grant.tools().stream().anyMatch(p -> Glob.matches(p, tool))) {
                found.put(roleName, limit);
            }
        }
        return found;
    }

    /** Whether the caller may use the named thing; {@code kind} is {@code tools}, {@code resources} or {@code prompts}. */
    boolean allows(Principal caller, String kind, String name) {
        return grants.allows(caller, switch (kind) {
            case "tools" -> AccessGrants.Kind.TOOL;
            case "resources" -> AccessGrants.Kind.RESOURCE;
            default -> AccessGrants.Kind.PROMPT;
        }, name);
    }
}
