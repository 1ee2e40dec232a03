package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access policy in force, as the gateway loaded it from {@code ZEN_POLICY_FILE}: for each role
 * the tools, resources and prompts it may use (names or {@link Glob globs}). The gateway writes it to
 * the compacted access topic whenever it loads the policy; workers read it and refuse a command whose
 * principal no role allows, whatever wrote the command. {@code enforced=false} means no policy is
 * configured and everything is allowed. A caller without roles has the role {@code anonymous}.
 *
 * <p>Memory namespaces are the exception to "no policy, everything allowed": a principal's memories
 * live in its own private namespace, and a role reaches a shared one only when its grant names it in
 * {@code memoryRead} or {@code memoryWrite} (since v1 additively; globs; write implies read). So
 * {@link #allowsNamespace} is false for everything when no policy is enforced. It says nothing about
 * the caller's own private namespace: the memory service derives that from the principal and allows it
 * itself. Hazard: a glob such as {@code *} matches every namespace name, so the memory service must
 * keep private namespaces out of the names that shared globs can match.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessGrants(SchemaId schema, boolean enforced, Map<String, Grant> roles, String source, long at) {

    public static final String ANONYMOUS_ROLE = "anonymous";

    /**
     * What one role may use: tools, resources and prompts, and the shared memory namespaces it may read
     * ({@code memoryRead}) and write ({@code memoryWrite}, which implies read). The memory lists are
     * optional (since v1 additively), empty and left off the wire when the role has none.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grant(List<String> tools, List<String> resources, List<String> prompts,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> memoryRead,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> memoryWrite) {

        public Grant {
            tools = tools == null ? List.of() : List.copyOf(tools);
            resources = resources == null ? List.of() : List.copyOf(resources);
            prompts = prompts == null ? List.of() : List.copyOf(prompts);
            memoryRead = memoryRead == null ? List.of() : List.copyOf(memoryRead);
            memoryWrite = memoryWrite == null ? List.of() : List.copyOf(memoryWrite);
        }

        /** A grant of no memory namespace. */
        public Grant(List<String> tools, List<String> resources, List<String> prompts) {
            this(tools, resources, prompts, List.of(), List.of());
        }

        /** The namespace globs this grant lets a caller read ({@code write=false}: both lists) or write. */
        List<String> namespaces(boolean write) {
            if (write || memoryRead.isEmpty()) {
                return memoryWrite;
            }
            if (memoryWrite.isEmpty()) {
                return memoryRead;
            }
            List<String> both = new ArrayList<>(memoryRead);
            both.addAll(memoryWrite);
            return both;
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

    /**
     * Whether any of the caller's roles ({@code anonymous} when it has none) grants the shared memory
     * namespace for reading ({@code write=false}; a write grant implies read) or writing. False when no
     * policy is enforced, for a null or blank namespace, and for the caller's own private namespace
     * unless a glob happens to name it: the memory service allows that one itself.
     */
    public boolean allowsNamespace(Principal caller, String namespace, boolean write) {
        if (!enforced || namespace == null || namespace.isBlank()) {
            return false;
        }
        for (String roleName : rolesOf(caller)) {
            Grant grant = roles.get(roleName);
            if (grant != null) {
                for (String pattern : grant.namespaces(write)) {
                    if (Glob.matches(pattern, namespace)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The namespace globs the caller's roles grant for reading ({@code write=false}: read and write
     * globs) or writing, without duplicates, in policy order; empty when no policy is enforced. For a
     * memory service that searches every namespace a caller may read.
     */
    public List<String> namespaceGlobs(Principal caller, boolean write) {
        if (!enforced) {
            return List.of();
        }
        Set<String> globs = new LinkedHashSet<>();
        for (String roleName : rolesOf(caller)) {
            Grant grant = roles.get(roleName);
            if (grant != null) {
                globs.addAll(grant.namespaces(write));
            }
        }
        return List.copyOf(globs);
    }
}
