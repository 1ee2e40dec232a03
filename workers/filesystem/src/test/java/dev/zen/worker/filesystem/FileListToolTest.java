package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileListToolTest {

    @TempDir
    Path temp;

    Path root;
    ToolDefinition fileList;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        fileList = FileListTool.definition(ToolTestSupport.jail(root));
        write(root.resolve("b.txt"), "bee");
        write(root.resolve("a/inner.md"), "inner");
        write(root.resolve(".hidden"), "h");
        write(temp.resolve("outside/secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("c-link"), temp.resolve("outside"));
    }

    private static List<String> field(CallToolResult result, String name) {
        List<String> values = new ArrayList<>();
        result.structuredContent().get("entries").forEach(entry -> values.add(entry.get(name).asString()));
        return values;
    }

    @Test
    void shouldListADirectorySortedByNameWithTypes() throws Exception {
        // when
        CallToolResult result = run(fileList);

        // then
        assertThat(field(result, "name")).containsExactly("a", "b.txt", "c-link");
        assertThat(field(result, "type")).containsExactly("directory", "file", "symlink");
        JsonNode file = result.structuredContent().get("entries").get(1);
        assertThat(file.get("path").asString()).isEqualTo("b.txt");
        assertThat(file.get("size").intValue()).isEqualTo(3);
        assertThat(Instant.parse(file.get("modified").asString())).isBeforeOrEqualTo(Instant.now());
        assertThat(result.structuredContent().get("path").asString()).isEqualTo(".");
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
    }

    @Test
    void shouldIncludeHiddenEntriesWhenAsked() throws Exception {
        // when
        CallToolResult result = run(fileList, "includeHidden", true);

        // then
        assertThat(field(result, "name")).containsExactly(".hidden", "a", "b.txt", "c-link");
    }

    @Test
    void shouldListRecursivelyWithPathsRelativeToTheRootWithoutFollowingLinks() throws Exception {
        // when
        CallToolResult result = run(fileList, "recursive", true);

        // then
        assertThat(field(result, "path")).containsExactly("a", "a/inner.md", "b.txt", "c-link");
    }

    @Test
    void shouldListASubdirectory() throws Exception {
        // when
        CallToolResult result = run(fileList, "path", "a");

        // then
        assertThat(field(result, "path")).containsExactly("a/inner.md");
        assertThat(result.structuredContent().get("path").asString()).isEqualTo("a");
    }

    @Test
    void shouldTruncateAtMaxEntries() throws Exception {
        // when
        CallToolResult result = run(fileList, "recursive", true, "maxEntries", 2);

        // then
        assertThat(field(result, "path")).containsExactly("a", "a/inner.md");
        assertThat(result.structuredContent().get("truncated").booleanValue()).isTrue();
    }

    @Test
    void shouldRefuseAFile() {
        // when / then
        assertThatThrownBy(() -> run(fileList, "path", "b.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("Expected a directory at 'b.txt'");
    }

    @Test
    void shouldRefuseADirectoryLinkedOutsideTheRoot() {
        // when / then
        assertThatThrownBy(() -> run(fileList, "path", "c-link"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldListOnFromNextOffsetUntilEveryEntryIsListed() throws Exception {
        // given
        write(root.resolve("a/deeper/x.txt"), "x");
        write(root.resolve("d.txt"), "d");
        List<String> whole = field(run(fileList, "recursive", true), "path");

        // when: two entries at a time
        List<String> paged = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        CallToolResult page = run(fileList, "recursive", true, "maxEntries", 2);
        paged.addAll(field(page, "path"));
        while (page.structuredContent().get("truncated").booleanValue()) {
            int offset = page.structuredContent().get("nextOffset").intValue();
            offsets.add(offset);
            page = run(fileList, "recursive", true, "maxEntries", 2, "offset", offset);
            paged.addAll(field(page, "path"));
        }

        // then
        assertThat(whole).containsExactly("a", "a/deeper", "a/deeper/x.txt", "a/inner.md", "b.txt", "c-link", "d.txt");
        assertThat(paged).isEqualTo(whole);
        assertThat(offsets).containsExactly(2, 4, 6);
        assertThat(page.structuredContent().has("nextOffset")).isFalse();
    }

    @Test
    void shouldSayHowToListOnInTheText() throws Exception {
        // when
        CallToolResult result = run(fileList, "maxEntries", 1);

        // then
        assertThat(result.structuredContent().get("nextOffset").intValue()).isEqualTo(1);
        assertThat(ToolTestSupport.text(result)).contains("truncated at 1 entries", "offset: 1");
    }

    @Test
    void shouldListNothingPastTheEnd() throws Exception {
        // when
        CallToolResult result = run(fileList, "offset", 50);

        // then
        assertThat(field(result, "path")).isEmpty();
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
    }
}
