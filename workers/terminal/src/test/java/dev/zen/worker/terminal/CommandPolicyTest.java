package dev.zen.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-command rules: the built-in ones, a file that replaces them, and a file that is wrong. */
class CommandPolicyTest {

    @TempDir
    Path dir;

    @Test
    void shouldApplyTheBuiltInRules() {
        CommandPolicy policy = CommandPolicy.load(null);
        assertThat(policy.source()).isEqualTo("built-in rules");
        assertThat(policy.commands()).contains("git", "find", "sed", "tar");
        assertThat(policy.apply("git", List.of("log", "-p"))).startsWith("--no-pager").endsWith("log", "-p");
        assertThat(policy.apply("sed", List.of("-n", "1p"))).containsExactly("--sandbox", "-n", "1p");
        assertThat(policy.apply("ls", List.of("-la"))).containsExactly("-la");
        assertThatThrownBy(() -> policy.apply("git", List.of())).isInstanceOf(ToolFailure.class).hasMessageContaining("none was given");
        assertThatThrownBy(() -> policy.apply("tar", List.of("-x", "--to-command=sh"))).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("command[2] '--to-command=sh' is refused (--to-command*)");
    }

    @Test
    void shouldReplaceTheRulesWithAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), """
                commands:
                  ls:
                    deny_arguments: ["-R"]
                """);
        CommandPolicy policy = CommandPolicy.load(file);
        assertThat(policy.commands()).containsExactly("ls");
        assertThat(policy.apply("git", List.of("push"))).containsExactly("push"); // the file replaced the built-in git rule
        assertThatThrownBy(() -> policy.apply("ls", List.of("-R"))).isInstanceOf(ToolFailure.class).hasMessageContaining(file.toString());
    }

    @Test
    void shouldRefuseAWrongFileNamingTheProblem() throws Exception {
        assertThatThrownBy(() -> CommandPolicy.load(dir.resolve("missing.yaml"))).hasMessageContaining("to be a readable file");
        Path unknownKey = Files.writeString(dir.resolve("a.yaml"), "commands:\n  ls:\n    allow_all: true\n");
        assertThatThrownBy(() -> CommandPolicy.load(unknownKey)).hasMessageContaining("it has 'allow_all'");
        Path notAList = Files.writeString(dir.resolve("b.yaml"), "commands:\n  ls:\n    deny_arguments: -R\n");
        assertThatThrownBy(() -> CommandPolicy.load(notAList)).hasMessageContaining("'deny_arguments' of 'ls'").hasMessageContaining("a list");
        Path wrongTop = Files.writeString(dir.resolve("c.yaml"), "rules: {}\n");
        assertThatThrownBy(() -> CommandPolicy.load(wrongTop)).hasMessageContaining("one key, 'commands'");
        Path notYaml = Files.writeString(dir.resolve("d.yaml"), "commands: [unclosed\n");
        assertThatThrownBy(() -> CommandPolicy.load(notYaml)).hasMessageContaining("to be YAML");
    }
}
