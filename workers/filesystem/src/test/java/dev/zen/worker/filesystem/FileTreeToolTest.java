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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /** Every node's path below the tree's top, depth first. */
    private static List<String> paths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node.has("children")) {
            for (JsonNode child : node.get("children")) {
                String path = prefix + child.get("name").asString();
                paths.add(path);
                paths.addAll(paths(child, path + "/"));
            }
        }
        return paths;
    }

    @Test
    void shouldSayASmallTreeIsNotTruncated() throws Exception {
        // when
        CallToolResult result = run(fileTree);

        // then
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(result.structuredContent().has("nextOffset")).isFalse();
    }

    @Test
    void shouldStopAtMaxNodesAndShowOnFromNextOffsetUnderTheAncestors() throws Exception {
        // given: 11 nodes in walk order
        List<String> whole = paths(run(fileTree, "maxDepth", 5).structuredContent().get("tree"), "");

        // when: four nodes at a time
        CallToolResult first = run(fileTree, "maxDepth", 5, "maxNodes", 4);
        CallToolResult second = run(fileTree, "maxDepth", 5, "maxNodes", 4, "offset",
                first.structuredContent().get("nextOffset").intValue());
        CallToolResult third = run(fileTree, "maxDepth", 5, "maxNodes", 4, "offset",
                second.structuredContent().get("nextOffset").intValue());

        // then
        assertThat(whole).containsExactly("README.md", "node_modules", "node_modules/pkg", "node_modules/pkg/index.js",
                "src", "src/app.log", "src/main", "src/main/App.java", "src/main/deep", "src/main/deep/er",
                "src/main/deep/er/Deepest.java");
        assertThat(first.structuredContent().get("truncated").booleanValue()).isTrue();
        assertThat(first.structuredContent().get("nextOffset").intValue()).isEqualTo(4);
        assertThat(text(first)).contains("truncated at 4 nodes", "offset: 4");
        assertThat(paths(first.structuredContent().get("tree"), "")).isEqualTo(whole.subList(0, 4));
        assertThat(paths(second.structuredContent().get("tree"), "")).isEqualTo(whole.subList(4, 8));
        assertThat(second.structuredContent().get("nextOffset").intValue()).isEqualTo(8);
        // the last page shows src and src/main again, with only the children that lead to what it adds
        assertThat(paths(third.structuredContent().get("tree"), "")).containsExactly("src", "src/main", "src/main/deep",
                "src/main/deep/er", "src/main/deep/er/Deepest.java");
        assertThat(third.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(text(third)).isEqualTo(root.getFileName() + "/\n  src/\n    main/\n      deep/\n        er/\n"
                + "          Deepest.java\n");

        // and nothing is lost
        Set<String> union = new LinkedHashSet<>();
        for (CallToolResult page : List.of(first, second, third)) {
            union.addAll(paths(page.structuredContent().get("tree"), ""));
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(whole);
    }

    @Test
    void shouldRefuseMaxNodesAboveTheLimit() {
        // when / then
        assertThatThrownBy(() -> run(fileTree, "maxNodes", 10_001))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'maxNodes'");
    }
}
