package dev.zen.worker.runtime.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads declared {@link Setting}s from an environment and collects every error instead of stopping
 * at the first, so that an operator fixes a misconfigured worker in one go:
 *
 * <pre>{@code
 * SettingsReader reader = new SettingsReader(System.getenv());
 * reader.read(GitSettings.ALL);
 * reader.read(WorkerSettings.ALL);
 * Settings values = reader.finish(); // InvalidSettings listing every bad variable
 * }</pre>
 */
public final class SettingsReader {

    private final Map<String, String> env;
    private final Map<Setting<?>, Object> values = new HashMap<>();
    private final List<String> errors = new ArrayList<>();

    public SettingsReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public SettingsReader read(Collection<? extends Setting<?>> settings) {
        settings.forEach(this::read);
        return this;
    }

    /** Reads one setting now; its error, if any, is kept for {@link #finish()}. */
    public void read(Setting<?> setting) {
        if (values.containsKey(setting)) {
            return;
        }
        String raw = env.get(setting.env());
        String text = raw == null || raw.isBlank() ? setting.defaultText() : raw;
        if (text == null || text.isEmpty()) {
            values.put(setting, null);
            return;
        }
        try {
            values.put(setting, setting.parse(text));
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            values.put(setting, null);
        }
    }

    /** The errors so far. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The values read, or {@link InvalidSettings} naming every setting that was wrong. */
    public Settings finish() {
        if (!errors.isEmpty()) {
            throw new InvalidSettings(errors);
        }
        return new Settings(values);
    }
}
