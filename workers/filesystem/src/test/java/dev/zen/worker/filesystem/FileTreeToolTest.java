package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.text;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileTreeToolTest {

    @TempDir
    Path root;

    ToolDefinition fileTree;

    @BeforeEach
    void setUp() {
        fileTree = FileTreeTool.definition(ToolTestSupport.jail(root));
        write(root.resolve("src/main/App.java"), "class App {}");
        write(root.resolve("src/main/deep/er/Deepest.java"), "class Deepest {}");
        write(root.resolve("README.md"), "# readme");
        write(root.resolve("node_modules/pkg/index.js"), "x");
        write(root.resolve("src/app.log"), "log");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.get("children").forEach(child -> names.add(child.get("name").asString()));
        return names;
    }

    private static JsonNode child(JsonNode node, String name) {
        for (JsonNode child : node.get("children")) {
            if (child.get("name").asString().equals(name)) {
                return child;
            }
        }
        throw new AssertionError("Expected a child named " + name + " in " + node);
    }

    @Test
    void shouldBuildANestedTree() throws Exception {
        // when
        CallToolResult result = run(fileTree, "path", "src");

        // then
        JsonNode tree = result.structuredContent().get("tree");
        assertThat(tree.get("name").asString()).isEqualTo("src");
        assertThat(tree.get("type").asString()).isEqualTo("directory");
        assertThat(names(tree)).containsExactly("app.log", "main");
        assertThat(names(child(tree, "main"))).containsExactly("App.java", "deep");
        assertThat(child(tree, "app.log").get("type").asString()).isEqualTo("file");
        assertThat(child(tree, "app.log").has("children")).isFalse();
        assertThat(text(result)).contains("src/\n", "  main/\n", "    App.java\n");
    }

    @Test
    void shouldStopAtMaxDepth() throws Exception {
        // when
        CallToolResult result = run(fileTree, "path", "src", "maxDepth", 2);

        // then: main (depth 1) has children, deep (depth 2) has none listed
        JsonNode deep = child(child(result.structuredContent().get("tree"), "main"), "deep");
        assertThat(deep.get("type").asString()).isEqualTo("directory");
        assertThat(deep.has("children")).isFalse();
    }

    @Test
    void shouldLeaveOutExcludedEntries() throws Exception {
        // when
        CallToolResult result = run(fileTree, "exclude", List.of("node_modules", "**/*.log", "src/main/deep"));

        // then
        JsonNode tree = result.structuredContent().get("tree");
        assertThat(names(tree)).containsExactly("README.md", "src");
        assertThat(names(child(tree, "src"))).containsExactly("main");
        assertThat(names(child(child(tree, "src"), "main"))).containsExactly("App.java");
    }

    @Test
    void shouldRefuseAnInvalidGlob() {
        // when / then
        assertThatThrownBy(() -> run(fileTree, "exclude", List.of("[unclosed")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("[unclosed");
    }

    @Test
    void shouldRefuseAPathOutsideTheRoot() {
        // when / then
        assertThatThrownBy(() -> run(fileTree, "path", ".."))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }
}
