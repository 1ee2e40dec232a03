package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The git service's declaration: its tools, their argument names, schemas and annotations (the contract others test against). */
class GitServiceTest {

    /** Tool → its arguments, in order. */
    private static final Map<String, List<String>> ARGUMENTS = Map.ofEntries(
            Map.entry("git_status", List.of("repo", "offset")),
            Map.entry("git_log", List.of("repo", "ref", "max_count", "skip", "since", "until", "path", "author")),
            Map.entry("git_diff", List.of("repo", "staged", "target", "paths", "context_lines", "from_file")),
            Map.entry("git_show", List.of("repo", "revision", "paths", "context_lines", "from_file")),
            Map.entry("git_add", List.of("repo", "paths")),
            Map.entry("git_commit", List.of("repo", "message", "paths", "amend", "allow_empty")),
            Map.entry("git_branch", List.of("repo", "action", "name", "base", "checkout", "force", "remote")),
            Map.entry("git_push", List.of("repo", "remote", "branch", "set_upstream", "force_with_lease", "force")),
            Map.entry("git_fetch", List.of("repo", "remote", "prune")),
            Map.entry("git_pull", List.of("repo", "remote", "branch", "strategy")),
            Map.entry("git_clone", List.of("url", "directory", "depth", "branch")));

    /** Tool → readOnly, destructive, idempotent, openWorld. */
    private static final Map<String, List<Boolean>> ANNOTATIONS = Map.ofEntries(
            Map.entry("git_status", List.of(true, false, true, false)),
            Map.entry("git_log", List.of(true, false, true, false)),
            Map.entry("git_diff", List.of(true, false, true, false)),
            Map.entry("git_show", List.of(true, false, true, false)),
            Map.entry("git_add", List.of(false, false, true, false)),
            Map.entry("git_commit", List.of(false, true, false, false)),
            Map.entry("git_branch", List.of(false, true, false, false)),
            Map.entry("git_push", List.of(false, true, false, true)),
            Map.entry("git_fetch", List.of(false, false, true, true)),
            Map.entry("git_pull", List.of(false, true, false, true)),
            Map.entry("git_clone", List.of(false, false, false, true)));

    /** Tool → argument → default. */
    private static final Map<String, Map<String, Object>> DEFAULTS = Map.ofEntries(
            Map.entry("git_status", Map.of("offset", 0)),
            Map.entry("git_log", Map.of("ref", "HEAD", "max_count", 50, "skip", 0)),
            Map.entry("git_diff", Map.of("staged", false, "context_lines", 3, "from_file", 0)),
            Map.entry("git_show", Map.of("revision", "HEAD", "context_lines", 3, "from_file", 0)),
            Map.entry("git_add", Map.of()),
            Map.entry("git_commit", Map.of("amend", false, "allow_empty", false)),
            Map.entry("git_branch", Map.of("action", "list", "checkout", false, "force", false, "remote", false)),
            Map.entry("git_push", Map.of("remote", "origin", "set_upstream", false, "force_with_lease", false, "force", false)),
            Map.entry("git_fetch", Map.of("remote", "origin", "prune", false)),
            Map.entry("git_pull", Map.of("remote", "origin", "strategy", "ff-only")),
            Map.entry("git_clone", Map.of()));

    private static final List<String> REVISION_ARGUMENTS = List.of("ref", "target", "revision", "name", "base", "remote", "branch");

    @TempDir
    Path root;

    ServiceDefinition service;

    @BeforeEach
    void setUp() {
        service = GitService.definition(GitSettings.defaults(root), "1.2.3");
    }

    @Test
    void shouldDefineTheGitServiceWithEveryTool() {
        assertThat(service.service()).isEqualTo("git");
        assertThat(service.version()).isEqualTo("1.2.3");
        assertThat(service.tools()).extracting(ToolDefinition::name).containsExactlyInAnyOrderElementsOf(ARGUMENTS.keySet());
        assertThat(service.servesRequests()).isFalse();
    }

    @Test
    void shouldBeFoundByTheWorkerEntryPoint() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(WorkerService.class).forEach(found -> names.add(found.name()));
        assertThat(names).contains("git");
    }

    @Test
    void shouldDeclareTheContractsArgumentsAndDefaults() {
        for (ToolDefinition tool : service.tools()) {
            JsonNode properties = tool.descriptor().inputSchema().get("properties");
            assertThat(properties.propertyNames()).as(tool.name()).containsExactlyElementsOf(ARGUMENTS.get(tool.name()));
            DEFAULTS.get(tool.name()).forEach((argument, value) -> assertThat(properties.get(argument).get("default").toString())
                    .as(tool.name() + "." + argument).isEqualTo(value instanceof String s ? "\"" + s + "\"" : String.valueOf(value)));
        }
        assertThat(required("git_status")).containsExactly("repo");
        assertThat(required("git_add")).containsExactly("repo", "paths");
        assertThat(required("git_commit")).containsExactly("repo", "message");
        assertThat(required("git_clone")).containsExactly("url");
        assertThat(schema("git_status").get("properties").get("repo").get("description").asString())
                .isEqualTo("Repository directory relative to GIT_ROOT ('.' is the root itself)");
        assertThat(schema("git_commit").get("properties").get("message").get("x-zen-content").booleanValue()).isTrue();
        assertThat(schema("git_branch").get("properties").get("action").get("enum").toString())
                .isEqualTo("[\"list\",\"create\",\"checkout\",\"delete\"]");
        assertThat(schema("git_pull").get("properties").get("strategy").get("enum").toString())
                .isEqualTo("[\"ff-only\",\"merge\",\"rebase\"]");
        JsonNode maxCount = schema("git_log").get("properties").get("max_count");
        assertThat(maxCount.get("minimum").intValue()).isEqualTo(1);
        assertThat(maxCount.get("maximum").intValue()).isEqualTo(1000);
        JsonNode depth = schema("git_clone").get("properties").get("depth");
        assertThat(depth.get("minimum").intValue()).isEqualTo(1);
        assertThat(depth.get("maximum").intValue()).isEqualTo(1_000_000);
        JsonNode paths = schema("git_add").get("properties").get("paths");
        assertThat(paths.get("minItems").intValue()).isEqualTo(1);
        assertThat(paths.get("maxItems").intValue()).isEqualTo(1000);
        assertThat(paths.get("items").get("maxLength").intValue()).isEqualTo(4096);
    }

    @Test
    void shouldRefuseOptionLikeRevisionsInTheSchema() {
        for (ToolDefinition tool : service.tools()) {
            JsonNode properties = tool.descriptor().inputSchema().get("properties");
            assertThat(properties.get(tool.name().equals("git_clone") ? "url" : "repo").get("maxLength").intValue()).as(tool.name())
                    .isEqualTo(4096);
            for (String argument : REVISION_ARGUMENTS) {
                JsonNode property = properties.get(argument);
                if (property == null || !property.get("type").asString().equals("string")) {
                    continue; // git_branch's remote is a flag
                }
                assertThat(property.get("pattern").asString()).as(tool.name() + "." + argument).isEqualTo("^[^-]");
                assertThat(property.get("maxLength").intValue()).as(tool.name() + "." + argument).isBetween(1, 256);
            }
        }
    }

    @Test
    void shouldDescribeEveryInputAndOutputAsAClosedObject() {
        for (ToolDefinition tool : service.tools()) {
            ToolDescriptor descriptor = tool.descriptor();
            for (JsonNode schema : List.of(descriptor.inputSchema(), descriptor.outputSchema())) {
                assertThat(schema.get("type").asString()).as(tool.name()).isEqualTo("object");
                assertThat(schema.get("additionalProperties").booleanValue()).as(tool.name()).isFalse();
                schema.get("properties").properties().forEach(property -> {
                    assertThat(property.getValue().has("description")).as(tool.name() + "." + property.getKey()).isTrue();
                    assertThat(property.getKey()).as(tool.name() + "." + property.getKey()).matches("[a-z][a-z0-9_]*");
                });
            }
            assertThat(descriptor.title()).as(tool.name()).isNotBlank();
            assertThat(descriptor.description()).as(tool.name()).hasSizeGreaterThan(100);
            assertThat(descriptor.taskSupport()).as(tool.name()).isEqualTo("optional");
        }
        assertThat(schema("git_status", true).get("properties").has("next_offset")).isTrue();
        assertThat(schema("git_log", true).get("properties").has("next_skip")).isTrue();
        assertThat(schema("git_diff", true).get("properties").has("next_file")).isTrue();
        assertThat(schema("git_show", true).get("properties").has("next_file")).isTrue();
    }

    @Test
    void shouldAnnotateEveryToolAsTheContractSays() {
        for (ToolDefinition tool : service.tools()) {
            ToolAnnotations annotations = tool.descriptor().annotations();
            List<Boolean> expected = ANNOTATIONS.get(tool.name());
            assertThat(List.of(annotations.readOnlyHint(), annotations.destructiveHint(), annotations.idempotentHint(),
                    annotations.openWorldHint())).as(tool.name()).isEqualTo(expected);
            assertThat(annotations.title()).as(tool.name()).isEqualTo(tool.descriptor().title());
        }
        assertThat(tool("git_commit").descriptor().idempotent()).isFalse();
        assertThat(tool("git_push").descriptor().idempotent()).isFalse();
        // amend and rebase rewrite history: both tools may replace commits
        assertThat(tool("git_commit").descriptor().annotations().destructiveHint()).as("git_commit (amend)").isTrue();
        assertThat(tool("git_pull").descriptor().annotations().destructiveHint()).as("git_pull (rebase)").isTrue();
        assertThat(tool("git_status").descriptor().idempotent()).isTrue();
    }

    @Test
    void shouldDescribeItsConfigurationWithoutSecrets() {
        // given
        GitSettings settings = GitSettings.defaults(root).withRemoteAllowlist(java.util.Set.of("github.com"))
                .withCredentials(Map.of("github.com", new HostCredentials(null, new HostCredentials.Https("bot", "ghp_secretvalue"))));

        // when
        String description = GitService.describe(settings);

        // then
        assertThat(description).contains(root.toString(), "github.com", "main", "master", "github.com (https)")
                .doesNotContain("ghp_secretvalue");
    }

    private ToolDefinition tool(String name) {
        return service.tools().stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
    }

    private JsonNode schema(String name) {
        return schema(name, false);
    }

    private JsonNode schema(String name, boolean output) {
        return output ? tool(name).descriptor().outputSchema() : tool(name).descriptor().inputSchema();
    }

    private List<String> required(String name) {
        List<String> names = new ArrayList<>();
        schema(name).get("required").forEach(node -> names.add(node.asString()));
        return names;
    }
}
