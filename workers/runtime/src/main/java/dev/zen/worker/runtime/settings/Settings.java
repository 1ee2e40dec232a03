package dev.zen.worker.runtime.settings;

import java.util.HashMap;
import java.util.Map;

/** Values of settings that were read and checked by a {@link SettingsReader}. Immutable. */
public final class Settings {

    private final Map<Setting<?>, Object> values;

    Settings(Map<Setting<?>, Object> values) {
        this.values = new HashMap<>(values);
    }

    /** The value; null when the setting is unset and has no default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("Expected " + setting.env() + " to have been read, but it was not declared");
        }
        return (T) values.get(setting);
    }

    /** Reads {@code env} for exactly these settings; {@link InvalidSettings} on any error. */
    public static Settings of(Map<String, String> env, java.util.Collection<? extends Setting<?>> settings) {
        return new SettingsReader(env).read(settings).finish();
    }

    /** An empty set of values, e.g. to combine. */
    static Settings empty() {
        return new Settings(new HashMap<>());
    }
}
