package dev.zen.worker.database;

import dev.zen.worker.runtime.settings.Setting;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the configured sources: the entries of {@code DATABASE_SOURCES_FILE} and the seed's
 * {@code POSTGRES_*} source. A password comes from an environment variable ({@code password_env}) or
 * a file ({@code password_file}); one written inline (or in a URL) is refused. Every problem names the
 * source and the key.
 */
final class SourcesFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> KEYS = Set.of("id", "kind", "url", "user", "password_env", "password_file", "access", "pool_size",
            "statement_timeout", "max_rows", "max_bytes", "roles");

    /** The same notations as the settings: 500ms, 30s, 5m; 64KB, 1MB. */
    private static final Setting<Duration> DURATION = Setting.duration("STATEMENT_TIMEOUT", "a source's statement_timeout");
    private static final Setting<Long> SIZE = Setting.size("MAX_BYTES", "a source's max_bytes");

    private SourcesFile() {
    }

    /** Every configured source, in order: the file's, then {@code postgres} from the environment. */
    static List<SourceConfig> read(DatabaseSettings settings, Function<String, String> env) {
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        if (settings.sourcesFile() != null) {
            for (SourceConfig source : parse(settings.sourcesFile(), settings, env)) {
                if (sources.putIfAbsent(source.id(), source) != null) {
                    throw new IllegalArgumentException("Expected distinct source ids in " + settings.sourcesFile() + ", but '" + source.id()
                            + "' is there twice");
                }
            }
        }
        if (settings.postgresHost() != null) {
            URI url = URI.create("postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/" + settings.postgresDb());
            SourceConfig postgres = new SourceConfig("postgres", SourceKind.POSTGRESQL, url, settings.postgresUser(),
                    settings.postgresPassword() == null || settings.postgresPassword().isEmpty() ? null
                            : new SourceConfig.Secret(settings.postgresPassword(), "POSTGRES_PASSWORD"),
                    settings.postgresAccess(), settings.poolSize(), settings.statementTimeout(), settings.maxRows(), settings.maxBytes(),
                    Set.of());
            if (sources.putIfAbsent(postgres.id(), postgres) != null) {
                throw new IllegalArgumentException("Expected one source named 'postgres', but both " + settings.sourcesFile()
                        + " and POSTGRES_HOST define it");
            }
        }
        return List.copyOf(sources.values());
    }

    static List<SourceConfig> parse(Path file, DatabaseSettings defaults, Function<String, String> env) {
        JsonNode document;
        try {
            document = YAML.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("Expected DATABASE_SOURCES_FILE " + file + " to be a readable YAML file, but " + e.getMessage());
        }
        if (document == null || !document.isObject() || !document.path("sources").isArray() || document.size() != 1) {
            throw new IllegalArgumentException("Expected " + file + " to hold one key, 'sources', with a list of sources, but it does not");
        }
        List<SourceConfig> sources = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : document.get("sources")) {
            sources.add(source(entry, "sources[" + index++ + "] of " + file, defaults, env));
        }
        return sources;
    }

    private static SourceConfig source(JsonNode entry, String where, DatabaseSettings defaults, Function<String, String> env) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("Expected " + where + " to be a map, but it is not");
        }
        if (entry.has("password")) {
            throw new IllegalArgumentException("Expected " + where + " to name where its password is (password_env or password_file), "
                    + "but it has an inline 'password', which is refused: it would sit in a file and in logs");
        }
        for (String key : entry.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("Expected " + where + " to have only " + new TreeSet<>(KEYS) + ", but it has '" + key + "'");
            }
        }
        String id = text(entry, "id", where, null);
        String at = "source '" + id + "' (" + where + ")";
        URI url = SourceConfig.parseUrl(id, text(entry, "url", at, null));
        SourceKind kind = entry.has("kind") ? SourceKind.parse(text(entry, "kind", at, null)) : SourceConfig.kindOf(url);
        if (SourceConfig.kindOf(url) != kind) {
            throw new IllegalArgumentException("Expected the URL of " + at + " to be a " + kind.wire() + " URL, but it is "
                    + url.getScheme());
        }
        SourceConfig.Secret password = null;
        if (entry.has("password_env") && entry.has("password_file")) {
            throw new IllegalArgumentException("Expected one of password_env and password_file in " + at + ", but it has both");
        }
        if (entry.has("password_env")) {
            String name = text(entry, "password_env", at, null);
            String value = env.apply(name);
            if (value == null) {
                throw new IllegalArgumentException("Expected the environment variable " + name + " (password_env of " + at
                        + ") to be set, but it is not");
            }
            password = new SourceConfig.Secret(value, "$" + name);
        } else if (entry.has("password_file")) {
            Path file = Path.of(text(entry, "password_file", at, null));
            try {
                password = new SourceConfig.Secret(Files.readString(file).strip(), file.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("Expected the password_file " + file + " of " + at + " to be readable, but it is not");
            }
        }
        Set<String> roles = new TreeSet<>();
        if (entry.has("roles")) {
            if (!entry.get("roles").isArray()) {
                throw new IllegalArgumentException("Expected 'roles' of " + at + " to be a list, but it is not");
            }
            entry.get("roles").forEach(r -> roles.add(r.asString()));
        }
        return new SourceConfig(id, kind, url, kind == SourceKind.REDIS && !entry.has("user") ? null : text(entry, "user", at, null), password,
                entry.has("access") ? Access.parse(text(entry, "access", at, null)) : Access.READ_ONLY,
                entry.has("pool_size") ? number(entry, "pool_size", at) : defaults.poolSize(),
                entry.has("statement_timeout") ? duration(text(entry, "statement_timeout", at, null), at) : defaults.statementTimeout(),
                entry.has("max_rows") ? number(entry, "max_rows", at) : defaults.maxRows(),
                entry.has("max_bytes") ? size(text(entry, "max_bytes", at, null), at) : defaults.maxBytes(), roles);
    }

    private static String text(JsonNode entry, String key, String at, String otherwise) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            if (otherwise != null) {
                return otherwise;
            }
            throw new IllegalArgumentException("Expected '" + key + "' in " + at + ", but it is missing");
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("Expected '" + key + "' of " + at + " to be a value, but it is not");
        }
        return value.asString();
    }

    private static int number(JsonNode entry, String key, String at) {
        JsonNode value = entry.get(key);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("Expected '" + key + "' of " + at + " to be a whole number, but it is " + value);
        }
        return value.asInt();
    }

    private static Duration duration(String text, String at) {
        try {
            return DURATION.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected statement_timeout of " + at + " to be a duration like 30s, but got '" + text + "'");
        }
    }

    private static long size(String text, String at) {
        try {
            return SIZE.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected max_bytes of " + at + " to be a size like 1MB, but got '" + text + "'");
        }
    }
}
