package dev.zen.worker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.worker.runtime.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a README's configuration table against declared settings: every setting has a row naming
 * its variable, and a setting with a default shows that default in the row's second cell. Run by
 * each service's tests, so that the table cannot drift from {@code --help}.
 */
public final class SettingsDocumentation {

    private SettingsDocumentation() {
    }

    /** The project's README, found from a module's directory (the test's working directory) upwards. */
    public static Path projectReadme() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("zen"))) {
                return dir.resolve("README.md");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Expected the project's README.md above " + Path.of("").toAbsolutePath());
    }

    public static void assertDocumented(Path readme, List<? extends Setting<?>> settings) throws IOException {
        List<String> rows = Files.readAllLines(readme).stream().filter(line -> line.startsWith("| ")).toList();
        for (Setting<?> setting : settings) {
            String name = "`" + setting.env() + "`";
            List<String> matching = rows.stream().filter(row -> firstCell(row).contains(name)).toList();
            assertThat(matching).as("a row of the configuration table in %s for %s", readme.getFileName(), setting.env())
                    .isNotEmpty();
            String text = setting.defaultText();
            if (text != null && !text.isEmpty()) {
                assertThat(matching).as("the README row of %s shows its default `%s`", setting.env(), text)
                        .anySatisfy(row -> assertThat(secondCell(row)).contains("`" + text + "`"));
            }
        }
    }

    private static String firstCell(String row) {
        String[] cells = row.split("\\|");
        return cells.length > 1 ? cells[1] : "";
    }

    private static String secondCell(String row) {
        String[] cells = row.split("\\|");
        return cells.length > 2 ? cells[2] : "";
    }
}
