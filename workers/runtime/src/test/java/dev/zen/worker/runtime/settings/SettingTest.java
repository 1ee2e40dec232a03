package dev.zen.worker.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingTest {

    enum Mode { ON, OFF, READ_ONLY }

    static final Setting<Integer> COUNT = Setting.integer("ZEN_T_COUNT", "a count", 1, 10).defaultsTo("3");
    static final Setting<Duration> WAIT = Setting.duration("ZEN_T_WAIT", "a wait").defaultsTo("250ms");
    static final Setting<Long> SIZE = Setting.size("ZEN_T_SIZE", "a size").defaultsTo("1MB");
    static final Setting<Set<String>> HOSTS = Setting.list("ZEN_T_HOSTS", "hosts");
    static final Setting<Mode> MODE = Setting.choice("ZEN_T_MODE", "a mode", Mode.class).defaultsTo("on");
    static final Setting<String> TOKEN = Setting.string("ZEN_T_TOKEN", "a token").secret()
            .check(t -> t.length() >= 8, "at least 8 characters");

    @Test
    void shouldReturnDefaultsWhenUnsetOrBlank() {
        Settings values = Settings.of(Map.of("ZEN_T_COUNT", "  "), List.of(COUNT, WAIT, SIZE, HOSTS, MODE, TOKEN));

        assertThat(values.get(COUNT)).isEqualTo(3);
        assertThat(values.get(WAIT)).isEqualTo(Duration.ofMillis(250));
        assertThat(values.get(SIZE)).isEqualTo(1024L * 1024);
        assertThat(values.get(HOSTS)).isNull();
        assertThat(values.get(MODE)).isEqualTo(Mode.ON);
        assertThat(values.get(TOKEN)).isNull();
    }

    @Test
    void shouldParseEveryKind() {
        Settings values = Settings.of(Map.of("ZEN_T_COUNT", "10", "ZEN_T_WAIT", "PT2M", "ZEN_T_SIZE", "512kb",
                "ZEN_T_HOSTS", "a.example, b.example,,", "ZEN_T_MODE", "read-only"), List.of(COUNT, WAIT, SIZE, HOSTS, MODE));

        assertThat(values.get(COUNT)).isEqualTo(10);
        assertThat(values.get(WAIT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(values.get(SIZE)).isEqualTo(512L * 1024);
        assertThat(values.get(HOSTS)).containsExactly("a.example", "b.example");
        assertThat(values.get(MODE)).isEqualTo(Mode.READ_ONLY);
    }

    @Test
    void shouldReportEveryWrongSettingAtOnce() {
        SettingsReader reader = new SettingsReader(Map.of("ZEN_T_COUNT", "11", "ZEN_T_WAIT", "soon", "ZEN_T_MODE", "maybe",
                "ZEN_T_SIZE", "0"));
        reader.read(List.of(COUNT, WAIT, SIZE, MODE));

        assertThatThrownBy(reader::finish).isInstanceOfSatisfying(InvalidSettings.class, e -> assertThat(e.problems())
                .containsExactly("Expected ZEN_T_COUNT to be between 1 and 10, but was '11'",
                        "Expected ZEN_T_WAIT to be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S, but was 'soon'",
                        "Expected ZEN_T_SIZE to be positive, but was '0'",
                        "Expected ZEN_T_MODE to be one of on, off, read-only, but was 'maybe'"));
    }

    @Test
    void shouldNeverShowASecretValue() {
        assertThatThrownBy(() -> Settings.of(Map.of("ZEN_T_TOKEN", "hunter2"), List.of(TOKEN)))
                .hasMessage("Expected ZEN_T_TOKEN to be at least 8 characters, but was a value that is not shown (secret)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseADefaultThatDoesNotParse() {
        assertThatThrownBy(() -> Setting.integer("ZEN_T_BAD", "bad", 1, 2).defaultsTo("5"))
                .hasMessageContaining("ZEN_T_BAD");
    }

    @Test
    void shouldRefuseAValueThatWasNotRead() {
        Settings values = Settings.of(Map.of(), List.of(COUNT));

        assertThatThrownBy(() -> values.get(WAIT)).hasMessageContaining("ZEN_T_WAIT");
    }

    @Test
    void shouldResolveARelativePath() {
        Setting<Path> root = Setting.path("ZEN_T_ROOT", "a root").defaultsTo("data/x");

        Path resolved = Settings.of(Map.of(), List.of(root)).get(root);
        assertThat(resolved.isAbsolute()).isTrue();
        assertThat(resolved.toString()).endsWith("/data/x");
        assertThatThrownBy(() -> Settings.of(Map.of("ZEN_T_ROOT", "a\0b"), List.of(root))).hasMessageContaining("NUL");
    }

    @Test
    void shouldPrintHelpAndMarkdownRows() {
        assertThat(SettingsHelp.text("test:", List.of(COUNT, HOSTS))).contains("ZEN_T_COUNT", "a count", "(default: 3)",
                "(default: unset)");
        assertThat(SettingsHelp.markdown(List.of(COUNT, HOSTS)))
                .isEqualTo("| `ZEN_T_COUNT` | `3` | a count |\n| `ZEN_T_HOSTS` | empty | hosts |\n");
    }
}
