package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.text;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileSearchToolTest {

    @TempDir
    Path temp;

    Path root;
    ToolDefinition fileSearch;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        fileSearch = FileSearchTool.definition(new PathJail(ToolTestSupport.settings(root, 64)));
        write(root.resolve("README.md"), "# Zen\nA gateway.\n");
        write(root.resolve("docs/guide.md"), "Install\nrun the GATEWAY\n");
        write(root.resolve("docs/api/ref.md"), "nothing here\n");
        write(root.resolve("src/main.py"), "print('gateway')\n");
        write(root.resolve("src/tool.exe"), "gateway inside a binary name\n");
        write(root.resolve("src/huge.txt"), "gateway\n" + "x".repeat(100));
        write(temp.resolve("outside/leak.md"), "gateway secret\n");
        Files.createSymbolicLink(root.resolve("escape"), temp.resolve("outside"));
    }

    private static List<String> paths(CallToolResult result) {
        List<String> paths = new ArrayList<>();
        result.structuredContent().get("matches").forEach(match -> paths.add(match.get("path").asString()));
        return paths;
    }

    @Test
    void shouldFindFilesByAGlobIncludingTheTopLevel() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "**/*.md");

        // then
        assertThat(paths(result)).containsExactly("README.md", "docs/api/ref.md", "docs/guide.md");
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(result.structuredContent().get("matches").get(0).has("line")).isFalse();
    }

    @Test
    void shouldMatchAPatternWithoutSlashOnNamesAtAnyDepth() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "*.py");

        // then
        assertThat(paths(result)).containsExactly("src/main.py");
    }

    @Test
    void shouldMatchAGlobRelativeToTheSearchedDirectory() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "path", "docs", "pattern", "api/*.md");

        // then
        assertThat(paths(result)).containsExactly("docs/api/ref.md");
    }

    @Test
    void shouldFindLinesByContentIgnoringCaseByDefault() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "content", "gate\\w+");

        // then: no .exe (extension), no huge.txt (size), nothing behind the link
        JsonNode matches = result.structuredContent().get("matches");
        assertThat(paths(result)).containsExactly("README.md", "docs/guide.md", "src/main.py");
        assertThat(matches.get(1).get("line").intValue()).isEqualTo(2);
        assertThat(matches.get(1).get("text").asString()).isEqualTo("run the GATEWAY");
        assertThat(text(result)).contains("docs/guide.md:2: run the GATEWAY");
    }

    @Test
    void shouldHonourCaseSensitivity() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "content", "GATEWAY", "caseSensitive", true);

        // then
        assertThat(paths(result)).containsExactly("docs/guide.md");
    }

    @Test
    void shouldCombineAPatternAndContent() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "docs/**", "content", "gateway");

        // then
        assertThat(paths(result)).containsExactly("docs/guide.md");
    }

    @Test
    void shouldNotFollowLinksOutOfTheRoot() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "**/leak.md");

        // then
        assertThat(paths(result)).isEmpty();
        assertThat(text(result)).contains("No matches");
    }

    @Test
    void shouldTruncateAtMaxResults() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "*.md", "maxResults", 2);

        // then
        assertThat(paths(result)).hasSize(2);
        assertThat(result.structuredContent().get("truncated").booleanValue()).isTrue();
    }

    @Test
    void shouldSkipExcludedEntries() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "*.md", "exclude", List.of("api"));

        // then
        assertThat(paths(result)).containsExactly("README.md", "docs/guide.md");
    }

    @Test
    void shouldRefuseACallWithNeitherPatternNorContent() {
        // when / then
        assertThatThrownBy(() -> run(fileSearch, "path", "."))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'pattern' or 'content'");
    }

    @Test
    void shouldRefuseAnInvalidRegexNamingIt() {
        // when / then
        assertThatThrownBy(() -> run(fileSearch, "content", "(unclosed"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("(unclosed")
                .hasMessageContaining("regular expression");
    }

    @Test
    void shouldRefuseASearchOutsideTheRoot() {
        // when / then
        assertThatThrownBy(() -> run(fileSearch, "path", "escape", "pattern", "*"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseARegexThatRecursesTooDeep() {
        // given: java.util.regex recurses once per repetition of a group with alternatives
        write(root.resolve("docs/long.txt"), "a".repeat(200_000) + "\n");
        ToolDefinition search = FileSearchTool.definition(ToolTestSupport.jail(root));

        // when / then
        assertThatThrownBy(() -> run(search, "path", "docs", "content", "(a|aa)+b"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("line 1 of 'docs/long.txt'")
                .hasMessageContaining("recursed too deep");
    }

    @Test
    void shouldSearchOnFromNextOffsetUntilEveryMatchIsFound() throws Exception {
        // given
        write(root.resolve("docs/more.md"), "gateway one\ngateway two\n");
        List<String> whole = lines(run(fileSearch, "content", "gateway"));

        // when: one match at a time
        List<String> paged = new ArrayList<>();
        CallToolResult page = run(fileSearch, "content", "gateway", "maxResults", 1);
        paged.addAll(lines(page));
        int calls = 1;
        while (page.structuredContent().get("truncated").booleanValue()) {
            page = run(fileSearch, "content", "gateway", "maxResults", 1,
                    "offset", page.structuredContent().get("nextOffset").intValue());
            paged.addAll(lines(page));
            calls++;
        }

        // then
        assertThat(whole).containsExactly("README.md:2", "docs/guide.md:2", "docs/more.md:1", "docs/more.md:2",
                "src/main.py:1");
        assertThat(paged).isEqualTo(whole);
        assertThat(calls).isEqualTo(5);
        assertThat(page.structuredContent().has("nextOffset")).isFalse();
    }

    @Test
    void shouldGiveTheOffsetToSearchOnFromAPathSearch() throws Exception {
        // when
        CallToolResult result = run(fileSearch, "pattern", "*.md", "maxResults", 2);
        CallToolResult rest = run(fileSearch, "pattern", "*.md", "maxResults", 2, "offset",
                result.structuredContent().get("nextOffset").intValue());

        // then
        assertThat(result.structuredContent().get("nextOffset").intValue()).isEqualTo(2);
        assertThat(text(result)).contains("offset: 2");
        assertThat(paths(rest)).containsExactly("docs/guide.md");
        assertThat(rest.structuredContent().get("truncated").booleanValue()).isFalse();
    }

    private static List<String> lines(CallToolResult result) {
        List<String> lines = new ArrayList<>();
        result.structuredContent().get("matches").forEach(match -> lines.add(match.get("path").asString() + ":"
                + match.get("line").intValue()));
        return lines;
    }
}
