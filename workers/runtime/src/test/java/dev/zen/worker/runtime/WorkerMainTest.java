package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WorkerMainTest {

    static final Setting<Integer> DEPTH = Setting.integer("ZEN_T_DEPTH", "how deep", 1, 5).defaultsTo("2");
    static final Setting<Boolean> ENABLED = Setting.bool("ZEN_T_ENABLED", "whether echo may run").defaultsTo("true");

    /** A service that never starts in these tests: each refuses before anything touches Kafka. */
    static final class EchoService implements WorkerService {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String summary() {
            return "says it back";
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(DEPTH, ENABLED);
        }

        @Override
        public String unavailableReason(Settings values) {
            return values.get(ENABLED) ? null : "ZEN_T_ENABLED is false";
        }

        @Override
        public ServiceDefinition define(Settings values, String version) {
            return new ServiceDefinition("echo", version, List.of(ToolDefinition.named("echo").handler(c -> CallToolResult.text("echo"))));
        }
    }

    private final StringWriter out = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine line = WorkerMain.commandLine(env, List.of(new EchoService()));
        line.setOut(new PrintWriter(out));
        return line.execute(args);
    }

    @Test
    void shouldListTheServicesOnTheClassPath() {
        assertThat(run(Map.of(), "--list")).isZero();
        assertThat(out.toString()).isEqualTo("echo" + System.lineSeparator());
    }

    @Test
    void shouldPrintEverySettingInHelp() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("ZEN_KAFKA_BOOTSTRAP", "ZEN_SUPERVISOR_RESTARTS", "echo (says it back)", "ZEN_T_DEPTH",
                "how deep (default: 2)");
    }

    @Test
    void shouldPrintReadmeRows() {
        assertThat(run(Map.of(), "--settings-markdown")).isZero();
        assertThat(out.toString()).contains("| `ZEN_T_DEPTH` | `2` | how deep |", "| `ZEN_WORKER_CONCURRENCY` | `64` |");
    }

    @Test
    void shouldRefuseWrongSettingsWithExitCodeTwo() {
        assertThat(run(Map.of("ZEN_T_DEPTH", "9", "ZEN_WORKER_CONCURRENCY", "none"), "echo")).isEqualTo(2);
    }

    @Test
    void shouldRefuseAnUnknownService() {
        assertThat(run(Map.of(), "nosuch")).isEqualTo(2);
    }

    @Test
    void shouldRefuseANamedServiceThatCannotRunHere() {
        assertThat(run(Map.of("ZEN_T_ENABLED", "false"), "echo")).isEqualTo(2);
        assertThat(run(Map.of("ZEN_T_ENABLED", "false", "ZEN_SERVICES", "echo"))).isEqualTo(2);
    }

    @Test
    void shouldHostNothingWhenNoServiceCanRunByDefault() {
        assertThat(run(Map.of("ZEN_T_ENABLED", "false"))).isEqualTo(2);
    }
}
