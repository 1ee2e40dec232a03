package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.call;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceCall;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FilesystemServiceTest {

    private static final RecordValidator VALIDATOR = new RecordValidator(RecordCodec.shared());
    private static final Set<String> READ_ONLY = Set.of("file_read", "file_read_many", "file_list", "file_tree",
            "file_search", "file_analyze", "file_roots");

    @TempDir
    Path root;

    ServiceDefinition service;

    @BeforeEach
    void setUp() throws Exception {
        service = FilesystemService.definition(ToolTestSupport.settings(root), "1.2.3");
        write(root.resolve("notes/a.txt"), "alpha\nbeta\ngamma\n");
        write(root.resolve("notes/b.md"), "# b\n");
        write(root.resolve("src/app.py"), "print('hi')\n");
        Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("notes/a.txt"));
    }

    /** A happy-path call of every tool, with arguments that its inputSchema accepts. */
    static Stream<Arguments> happyCalls() {
        return Stream.of(
                Arguments.of("file_read", Map.of("path", "notes/a.txt", "head", 2)),
                Arguments.of("file_read_many", Map.of("paths", List.of("notes/a.txt", "missing.txt"))),
                Arguments.of("file_write", Map.of("path", "out/new.txt", "content", "x", "createDirectories", true)),
                Arguments.of("file_edit", Map.of("path", "notes/a.txt",
                        "edits", List.of(Map.of("oldText", "beta", "newText", "BETA")), "dryRun", true)),
                Arguments.of("file_list", Map.of("path", ".", "recursive", true, "includeHidden", true)),
                Arguments.of("file_tree", Map.of("maxDepth", 3, "exclude", List.of("*.py"))),
                Arguments.of("file_search", Map.of("pattern", "**/*.txt", "content", "a", "maxResults", 10)),
                Arguments.of("file_search", Map.of("pattern", "**/*.md")),
                Arguments.of("file_analyze", Map.of("path", "notes/a.txt")),
                Arguments.of("file_analyze", Map.of("path", "link.txt")),
                Arguments.of("file_analyze", Map.of("path", "notes")),
                Arguments.of("file_move", Map.of("source", "notes/b.md", "destination", "b.md", "overwrite", false)),
                Arguments.of("file_mkdir", Map.of("path", "made/here")),
                Arguments.of("file_roots", Map.of()));
    }

    /** A call of every tool that can return much, with a cap small enough to cut its answer. */
    static Stream<Arguments> cappedCalls() {
        return Stream.of(
                Arguments.of("file_read", Map.of("path", "long.txt", "maxBytes", 1024)),
                Arguments.of("file_read", Map.of("path", "long.txt", "head", 30, "maxBytes", 1024)),
                Arguments.of("file_read_many", Map.of("paths", List.of("long.txt", "notes/a.txt", "long.txt"),
                        "maxBytes", 4096)),
                Arguments.of("file_list", Map.of("recursive", true, "maxEntries", 2)),
                Arguments.of("file_tree", Map.of("maxNodes", 2)),
                Arguments.of("file_tree", Map.of("maxNodes", 2, "offset", 3)),
                Arguments.of("file_search", Map.of("content", "a", "maxResults", 1)),
                Arguments.of("file_search", Map.of("pattern", "**/*", "maxResults", 1, "offset", 1)));
    }

    private ToolDefinition tool(String name) {
        return service.tools().stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldDefineTheFilesystemServiceWithEveryTool() {
        // then
        assertThat(service.service()).isEqualTo("filesystem");
        assertThat(service.version()).isEqualTo("1.2.3");
        assertThat(service.tools()).extracting(ToolDefinition::name).containsExactlyInAnyOrder(
                "file_read", "file_read_many", "file_write", "file_edit", "file_list", "file_tree", "file_search",
                "file_analyze", "file_move", "file_mkdir", "file_roots");
    }

    @Test
    void shouldServeTheFilesUnderTheRootThroughAResourceTemplate() throws Exception {
        // then
        assertThat(service.servesRequests()).isTrue();
        assertThat(service.resources()).isEmpty();
        assertThat(service.prompts()).isEmpty();
        assertThat(service.resourceTemplates()).hasSize(1);
        ResourceTemplateDefinition files = service.resourceTemplates().getFirst();
        assertThat(files.descriptor().get("uriTemplate").asString()).isEqualTo("file:///{+path}");
        assertThat(files.descriptor().get("name").asString()).isEqualTo("file");
        assertThat(files.completer()).isNotNull();
        JsonNode read = files.reader().read("file:///notes/a.txt",
                new ServiceCall(Map.of("path", "notes/a.txt"), Principal.ANONYMOUS, null));
        assertThat(read.get("contents").get(0).get("text").asString()).isEqualTo("alpha\nbeta\ngamma\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("happyCalls")
    void shouldAnswerWithStructuredContentThatMatchesTheOutputSchema(String name, Map<String, Object> arguments)
            throws Exception {
        // given
        ToolDefinition tool = tool(name);
        JsonNode json = RecordCodec.shared().mapper().valueToTree(arguments);
        assertThat(VALIDATOR.validate(tool.descriptor().inputSchema(), json)).isEmpty();

        // when
        CallToolResult result = tool.handler().handle(call(name, json));

        // then
        assertThat(result.isErrorResult()).isFalse();
        assertThat(result.structuredContent()).isNotNull();
        assertThat(VALIDATOR.validate(tool.descriptor().outputSchema(), result.structuredContent())).isEmpty();
        assertThat(result.content()).hasSize(1);
        assertThat(result.content().getFirst().get("type").asString()).isEqualTo("text");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cappedCalls")
    void shouldAnswerATruncatedResultThatMatchesTheOutputSchemaAndSaysHowToGoOn(String name, Map<String, Object> arguments)
            throws Exception {
        // given: 50 lines of 50 bytes
        write(root.resolve("long.txt"), ("a".repeat(49) + "\n").repeat(50));
        ToolDefinition tool = tool(name);
        JsonNode json = RecordCodec.shared().mapper().valueToTree(arguments);
        assertThat(VALIDATOR.validate(tool.descriptor().inputSchema(), json)).isEmpty();

        // when
        CallToolResult result = tool.handler().handle(call(name, json));

        // then
        JsonNode structured = result.structuredContent();
        assertThat(result.isErrorResult()).isFalse();
        assertThat(VALIDATOR.validate(tool.descriptor().outputSchema(), structured)).isEmpty();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.has("nextOffset") || structured.has("nextStartLine") || structured.has("unread")).isTrue();
        assertThat(ToolTestSupport.text(result)).contains("truncated");
    }

    @Test
    void shouldDescribeEveryInputAsAClosedObjectWithDescribedProperties() {
        for (ToolDefinition tool : service.tools()) {
            // given
            ToolDescriptor descriptor = tool.descriptor();
            JsonNode input = descriptor.inputSchema();

            // then
            assertThat(input.get("type").asString()).as(tool.name()).isEqualTo("object");
            assertThat(input.get("additionalProperties").booleanValue()).as(tool.name()).isFalse();
            assertThat(input.get("properties").isObject()).as(tool.name()).isTrue();
            input.get("properties").properties().forEach(property -> assertThat(property.getValue().has("description"))
                    .as(tool.name() + "." + property.getKey()).isTrue());
            if (input.has("required")) {
                input.get("required").forEach(required -> assertThat(input.get("properties").has(required.asString()))
                        .as(tool.name() + " requires " + required).isTrue());
            }
            assertThat(descriptor.outputSchema().get("type").asString()).as(tool.name()).isEqualTo("object");
            assertThat(descriptor.description()).as(tool.name()).isNotBlank();
        }
    }

    @Test
    void shouldRejectANestedTreeNodeThatBreaksTheOutputSchema() {
        // given: the tree's nodes are checked through its $ref, not skipped
        JsonNode broken = RecordCodec.shared().mapper().valueToTree(Map.of("path", ".", "truncated", false,
                "tree", Map.of("name", "root", "type", "directory",
                        "children", List.of(Map.of("name", "x", "type", "bogus")))));

        // then
        assertThat(VALIDATOR.validate(tool("file_tree").descriptor().outputSchema(), broken)).isNotEmpty();
    }

    @Test
    void shouldRejectUnknownArgumentsByTheInputSchema() {
        // given
        JsonNode arguments = RecordCodec.shared().mapper().valueToTree(Map.of("path", "a.txt", "bogus", 1));

        // then
        assertThat(VALIDATOR.validate(tool("file_read").descriptor().inputSchema(), arguments)).isNotEmpty();
    }

    @Test
    void shouldAnnotateEveryToolHonestly() {
        for (ToolDefinition tool : service.tools()) {
            // given
            ToolAnnotations annotations = tool.descriptor().annotations();

            // then
            assertThat(annotations.openWorldHint()).as(tool.name()).isFalse();
            assertThat(annotations.readOnlyHint()).as(tool.name()).isEqualTo(READ_ONLY.contains(tool.name()));
            if (READ_ONLY.contains(tool.name())) {
                assertThat(annotations.destructiveHint()).as(tool.name()).isFalse();
            }
        }
        assertThat(tool("file_move").descriptor().annotations().destructiveHint()).isTrue();
        assertThat(tool("file_move").descriptor().annotations().idempotentHint()).isFalse();
        assertThat(tool("file_edit").descriptor().idempotent()).isFalse();
        assertThat(tool("file_mkdir").descriptor().idempotent()).isTrue();
    }
}
