package dev.zen.worker.database;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured sources by id, each with its pool. A caller names a source by id, never by a URL:
 * an unknown id (or a connection string) is refused with the ids the caller may use. Thread-safe.
 */
final class Sources implements AutoCloseable {

    private final Map<String, Source> byId = new LinkedHashMap<>();

    Sources(List<SourceConfig> configs) {
        for (SourceConfig config : configs) {
            byId.put(config.id(), config.kind() == SourceKind.REDIS ? new RedisSource(config) : new JdbcSource(config));
        }
    }

    /** The sources {@code principal} may use, in configuration order. */
    List<Source> usableBy(Principal principal) {
        List<Source> usable = new ArrayList<>();
        for (Source source : byId.values()) {
            if (source.config().allows(principal.roles())) {
                usable.add(source);
            }
        }
        return usable;
    }

    List<Source> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The source {@code id} for {@code principal}.
     *
     * @throws ToolFailure when there is none by that id, or the caller's roles may not use it (the same message)
     */
    Source get(String id, Principal principal) {
        Source source = byId.get(id);
        if (source == null || !source.config().allows(principal.roles())) {
            boolean url = id.contains("://") || id.contains("=") || id.contains("@");
            throw new ToolFailure("Expected 'source' to be the id of a configured source (" + String.join(", ", usableBy(principal).stream()
                    .map(Source::id).toList()) + "), but there is none named '" + Shown.clip(id) + "'"
                    + (url ? "; sources are configured by the operator (DATABASE_SOURCES_FILE), never given as a connection string" : ""));
        }
        return source;
    }

    /** The SQL source {@code id}. */
    JdbcSource sql(String id, Principal principal, String tool) {
        Source source = get(id, principal);
        if (source instanceof JdbcSource jdbc) {
            return jdbc;
        }
        throw new ToolFailure("Expected a SQL source for " + tool + ", but '" + id + "' is " + source.config().kind().wire());
    }

    @Override
    public void close() {
        byId.values().forEach(Source::close);
    }
}
