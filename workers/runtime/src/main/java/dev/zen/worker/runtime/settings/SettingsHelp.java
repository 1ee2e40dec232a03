package dev.zen.worker.runtime.settings;

import java.util.List;

/** Prints declared settings: a plain table for {@code --help}, Markdown rows for the README. */
public final class SettingsHelp {

    private SettingsHelp() {
    }

    public static String text(String heading, List<? extends Setting<?>> settings) {
        int width = settings.stream().mapToInt(s -> s.env().length()).max().orElse(8);
        StringBuilder out = new StringBuilder(heading).append('\n');
        for (Setting<?> setting : settings) {
            out.append("  ").append(String.format("%-" + width + "s", setting.env())).append("  ").append(setting.description());
            out.append(" (default: ").append(shownDefault(setting)).append(")\n");
        }
        return out.toString();
    }

    /** {@code | `ENV` | `default` | meaning |} rows, as in the README's configuration table. */
    public static String markdown(List<? extends Setting<?>> settings) {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : settings) {
            String shown = shownDefault(setting);
            out.append("| `").append(setting.env()).append("` | ").append(shown.equals("unset") ? "empty" : "`" + shown + "`")
                    .append(" | ").append(setting.description()).append(" |\n");
        }
        return out.toString();
    }

    /** The default as the tables show it: the text, or {@code unset}. */
    public static String shownDefault(Setting<?> setting) {
        String text = setting.defaultText();
        return text == null || text.isEmpty() ? "unset" : text;
    }
}
