package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The access policy in force, as the gateway loaded it from {@code ZEN_POLICY_FILE}: for each role
 * the tools, resources and prompts it may use (names or {@link Glob globs}). The gateway writes it to
 * the compacted access topic whenever it loads the policy; workers read it and refuse a command whose
 * principal no role allows, whatever wrote the command. {@code enforced=false} means no policy is
 * configured and everything is allowed. A caller without roles has the role {@code anonymous}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessGrants(SchemaId schema, boolean enforced, Map<String, Grant> roles, String source, long at) {

    public static final String ANONYMOUS_ROLE = "anonymous";

    /** What one role may use. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grant(List<String> tools, List<String> resources, List<String> prompts) {

        public Grant {
            tools = tools == null ? List.of() : List.copyOf(tools);
            resources = resources == null ? List.of() : List.copyOf(resources);
            prompts = prompts == null ? List.of() : List.copyOf(prompts);
        }

        List<String> of(Kind kind) {
            return switch (kind) {
                case TOOL -> tools;
                case RESOURCE -> resources;
                case PROMPT -> prompts;
            };
        }
    }

    /** What a grant names. */
    public enum Kind {
        TOOL, RESOURCE, PROMPT
    }

    public AccessGrants {
        schema = schema == null ? SchemaId.ACCESS_GRANTS : schema;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }

    /** No policy: everything is allowed. */
    public static AccessGrants allowAll(String source, long at) {
        return new AccessGrants(SchemaId.ACCESS_GRANTS, false, Map.of(), source, at);
    }

    /** The roles a policy applies to a caller: its own, or {@code anonymous} when it has none. */
    public static List<String> rolesOf(Principal caller) {
        return caller.roles().isEmpty() ? List.of(ANONYMOUS_ROLE) : caller.roles();
    }

    /** Whether any of the caller's roles ({@code anonymous} when it has none) allows the named tool, resource or prompt. */
    public boolean allows(Principal caller, Kind kind, String name) {
        if (!enforced) {
            return true;
        }
        for (String roleName : rolesOf(caller)) {
            Grant grant = roles.get(roleName);
            if (grant != null) {
                for (String pattern : grant.of(kind)) {
                    if (Glob.matches(pattern, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
