package dev.zen.gateway.policy;

import dev.zen.schemas.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A parsed policy file: for each role, the tools (and optionally resources and prompts) it may use,
 * as names or globs ({@code *} any run of characters, {@code ?} one), and an optional rate limit
 * ({@code 5/1m}). A caller may use what any of its roles allows; what no role lists is denied.
 * Immutable.
 *
 * <pre>
 * roles:
 *   reader:
 *     tools: [file_read, file_list]
 *     resources: ["file:///*"]
 *     prompts: ["*"]
 *     rate_limit: 5/1m
 *   admin:
 *     tools: ["*"]
 * </pre>
 */
record PolicyDocument(Map<String, Role> roles) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern RATE = Pattern.compile("(\\d+)/(\\d*)([smh])");

    record Role(List<Pattern> tools, List<Pattern> resources, List<Pattern> prompts, String rateLimit) {
    }

    /**
     * Parses a policy file.
     *
     * @throws IllegalArgumentException naming the first thing that is wrong (path in the document and why)
     */
    static PolicyDocument parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Expected a YAML policy, but it does not parse: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("roles").isObject()) {
            throw new IllegalArgumentException("Expected a top-level 'roles' map");
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (var entry : root.path("roles").properties()) {
            String name = entry.getKey();
            JsonNode role = entry.getValue();
            if (!role.isObject()) {
                throw new IllegalArgumentException("Expected roles." + name + " to be a map");
            }
            String rate = role.path("rate_limit").isMissingNode() ? null : role.path("rate_limit").asString("");
            if (rate != null && !RATE.matcher(rate).matches()) {
                throw new IllegalArgumentException("Expected roles." + name + ".rate_limit like 5/1m (requests per window), but was '" + rate + "'");
            }
            roles.put(name, new Role(globs(role, "tools", name), globs(role, "resources", name), globs(role, "prompts", name), rate));
        }
        return new PolicyDocument(Map.copyOf(roles));
    }

    private static List<Pattern> globs(JsonNode role, String field, String roleName) {
        JsonNode list = role.path(field);
        List<Pattern> patterns = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return patterns;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("Expected roles." + roleName + "." + field + " to be a list of names or globs");
        }
        for (JsonNode item : list) {
            if (!item.isString() || item.asString().isBlank()) {
                throw new IllegalArgumentException("Expected roles." + roleName + "." + field + " to hold non-empty strings");
            }
            patterns.add(glob(item.asString()));
        }
        return List.copyOf(patterns);
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** The rate limits of the caller's roles that allow {@code tool} and limit it. */
    java.util.Map<String, dev.zen.gateway.core.RateLimiter.Limit> limitsFor(Principal caller, String tool) {
        java.util.Map<String, dev.zen.gateway.core.RateLimiter.Limit> limits = new java.util.TreeMap<>();
        for (String roleName : caller.roles()) {
            Role role = roles.get(roleName);
            if (role != null && role.rateLimit() != null && role.tools().stream().anyMatch(p -> p.matcher(tool).matches())) {
                limits.put(roleName, dev.zen.gateway.core.RateLimiter.Limit.parse(role.rateLimit()));
            }
        }
        return limits;
    }

    boolean allows(Principal caller, String kind, String name) {
        for (String roleName : caller.roles()) {
            Role role = roles.get(roleName);
            if (role == null) {
                continue;
            }
            List<Pattern> patterns = switch (kind) {
                case "tools" -> role.tools();
                case "resources" -> role.resources();
                default -> role.prompts();
            };
            if (patterns.stream().anyMatch(p -> p.matcher(name).matches())) {
                return true;
            }
        }
        return false;
    }
}
