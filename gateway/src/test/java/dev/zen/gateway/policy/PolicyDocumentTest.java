package dev.zen.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDocumentTest {

    static final String POLICY = """
            roles:
              reader:
                tools: [file_read, "file_l?st"]
                resources: ["file:///docs/*"]
                rate_limit: 5/1m
              admin:
                tools: ["*"]
                prompts: ["*"]
            """;

    static Principal caller(String... roles) {
        return new Principal("alice", List.of(roles), null);
    }

    @Test
    void shouldAllowWhatAnyOfTheCallersRolesListsAndNothingElse() {
        PolicyDocument policy = PolicyDocument.parse(POLICY.getBytes());

        assertThat(policy.allows(caller("reader"), "tools", "file_read")).isTrue();
        assertThat(policy.allows(caller("reader"), "tools", "file_list")).isTrue();
        assertThat(policy.allows(caller("reader"), "tools", "file_write")).isFalse();
        assertThat(policy.allows(caller("reader"), "tools", "file_read_many")).isFalse();
        assertThat(policy.allows(caller("reader"), "resources", "file:///docs/a.md")).isTrue();
        assertThat(policy.allows(caller("reader"), "resources", "file:///etc/passwd")).isFalse();
        assertThat(policy.allows(caller("reader"), "prompts", "anything")).isFalse();
        assertThat(policy.allows(caller("reader", "admin"), "tools", "file_write")).isTrue();
        assertThat(policy.allows(caller("unknown-role"), "tools", "file_read")).isFalse();
        assertThat(policy.allows(caller(), "tools", "file_read")).isFalse();
    }

    @Test
    void shouldTreatRegexCharactersInNamesAsText() {
        PolicyDocument policy = PolicyDocument.parse("roles:\n  r:\n    tools: [\"a.b\"]\n".getBytes());

        assertThat(policy.allows(caller("r"), "tools", "a.b")).isTrue();
        assertThat(policy.allows(caller("r"), "tools", "axb")).isFalse();
    }

    @Test
    void shouldRefuseABrokenPolicyNamingWhatIsWrong() {
        assertThatThrownBy(() -> PolicyDocument.parse("roles: [a]".getBytes())).hasMessageContaining("'roles' map");
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    tools: file_read\n".getBytes()))
                .hasMessageContaining("roles.r.tools");
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    rate_limit: lots\n".getBytes()))
                .hasMessageContaining("roles.r.rate_limit");
        assertThatThrownBy(() -> PolicyDocument.parse("roles: {r: [".getBytes())).hasMessageContaining("does not parse");
    }

    @Test
    void shouldParseTheMemoryNamespacesARoleMayReadAndWrite() {
        PolicyDocument policy = PolicyDocument.parse("""
                roles:
                  analyst:
                    tools: ["search_memories", "store_memory"]
                    memory:
                      read: ["team-*", "handbook"]
                      write: ["team-analytics"]
                  reader:
                    tools: ["search_memories"]
                    memory:
                      read: [handbook]
                  plain:
                    tools: [file_read]
                """.getBytes());

        AccessGrants.Grant analyst = policy.grants().roles().get("analyst");
        assertThat(analyst.memoryRead()).containsExactly("team-*", "handbook");
        assertThat(analyst.memoryWrite()).containsExactly("team-analytics");
        assertThat(policy.grants().roles().get("reader").memoryWrite()).isEmpty();
        assertThat(policy.grants().roles().get("plain").memoryRead()).isEmpty();
        assertThat(policy.grants().allowsNamespace(caller("analyst"), "team-sales", false)).isTrue();
        assertThat(policy.grants().allowsNamespace(caller("analyst"), "team-sales", true)).isFalse();
        assertThat(policy.grants().allowsNamespace(caller("analyst"), "team-analytics", true)).isTrue();
        assertThat(policy.grants().allowsNamespace(caller("reader"), "handbook", false)).isTrue();
        assertThat(policy.grants().allowsNamespace(caller("reader"), "handbook", true)).isFalse();
        assertThat(policy.grants().allowsNamespace(caller("plain"), "handbook", false)).isFalse();
        assertThat(policy.allows(caller("analyst"), "tools", "store_memory")).isTrue();
    }

    @Test
    void shouldRefuseAMemoryGrantOfTheWrongShapeNamingWhatIsWrong() {
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    memory: [handbook]\n".getBytes()))
                .hasMessage("Expected roles.r.memory to be a map of 'read' and 'write' namespace lists");
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    memory: {read: handbook}\n".getBytes()))
                .hasMessage("Expected roles.r.memory.read to be a list of names or globs");
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    memory: {write: [\"\"]}\n".getBytes()))
                .hasMessage("Expected roles.r.memory.write to hold non-empty strings");
        assertThatThrownBy(() -> PolicyDocument.parse("roles:\n  r:\n    memory: {read: [a], wirte: [b]}\n".getBytes()))
                .hasMessage("Expected roles.r.memory to have only [read, write], but it has 'wirte'");
    }

    @Test
    void shouldGiveRolelessCallersTheAnonymousRoleAndKeepTheLastGoodPolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "roles:\n  anonymous:\n    tools: [ping_tool]\n");
        try (PolicyFile policy = new PolicyFile(file)) {
            assertThat(policy.mayCallTool(Principal.ANONYMOUS, "ping_tool")).isTrue();
            assertThat(policy.mayCallTool(Principal.ANONYMOUS, "file_write")).isFalse();

            Files.writeString(file, "roles: [broken]\n");
            policy.reloadIfChanged();
            assertThat(policy.mayCallTool(Principal.ANONYMOUS, "ping_tool")).isTrue();

            Files.writeString(file, "roles:\n  anonymous:\n    tools: [file_write]\n");
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            policy.reloadIfChanged();
            assertThat(policy.mayCallTool(Principal.ANONYMOUS, "file_write")).isTrue();
            assertThat(policy.mayCallTool(Principal.ANONYMOUS, "ping_tool")).isFalse();
        }
    }

    @Test
    void shouldNotStartWithAPolicyThatDoesNotParse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "nothing: here\n");

        assertThatThrownBy(() -> new PolicyFile(file)).hasMessageContaining("ZEN_POLICY_FILE").hasMessageContaining("'roles'");
    }
}
