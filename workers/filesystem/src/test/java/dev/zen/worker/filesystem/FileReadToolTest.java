package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.text;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileReadToolTest {

    private static final String FIVE_LINES = "one\ntwo\nthree\nfour\nfive\n";

    @TempDir
    Path root;

    ToolDefinition fileRead;

    @BeforeEach
    void setUp() {
        fileRead = FileReadTool.definition(ToolTestSupport.jail(root));
        write(root.resolve("notes/five.txt"), FIVE_LINES);
    }

    @Test
    void shouldReadAWholeFile() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt");

        // then
        JsonNode structured = result.structuredContent();
        assertThat(text(result)).isEqualTo(FIVE_LINES);
        assertThat(structured.get("path").asString()).isEqualTo("notes/five.txt");
        assertThat(structured.get("content").asString()).isEqualTo(FIVE_LINES);
        assertThat(structured.get("totalLines").intValue()).isEqualTo(5);
        assertThat(structured.get("startLine").intValue()).isEqualTo(1);
        assertThat(structured.get("endLine").intValue()).isEqualTo(5);
        assertThat(structured.get("size").intValue()).isEqualTo(FIVE_LINES.length());
        assertThat(result.isErrorResult()).isFalse();
    }

    @Test
    void shouldReturnTheFirstLinesWithHead() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt", "head", 2);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("one\ntwo\n");
        assertThat(result.structuredContent().get("startLine").intValue()).isEqualTo(1);
        assertThat(result.structuredContent().get("endLine").intValue()).isEqualTo(2);
        assertThat(result.structuredContent().get("totalLines").intValue()).isEqualTo(5);
    }

    @Test
    void shouldReturnTheLastLinesWithTail() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt", "tail", 2);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("four\nfive\n");
        assertThat(result.structuredContent().get("startLine").intValue()).isEqualTo(4);
        assertThat(result.structuredContent().get("endLine").intValue()).isEqualTo(5);
    }

    @Test
    void shouldReturnTheWholeFileWhenHeadExceedsIt() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt", "head", 50);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo(FIVE_LINES);
        assertThat(result.structuredContent().get("endLine").intValue()).isEqualTo(5);
    }

    @Test
    void shouldReturnAnInclusiveLineRange() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt", "startLine", 2, "endLine", 4);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("two\nthree\nfour\n");
        assertThat(result.structuredContent().get("startLine").intValue()).isEqualTo(2);
        assertThat(result.structuredContent().get("endLine").intValue()).isEqualTo(4);
    }

    @Test
    void shouldClampTheEndLineToTheFile() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt", "startLine", 4, "endLine", 99);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("four\nfive\n");
        assertThat(result.structuredContent().get("endLine").intValue()).isEqualTo(5);
    }

    @Test
    void shouldKeepALastLineWithoutNewline() throws Exception {
        // given
        write(root.resolve("open.md"), "a\nb");

        // when
        CallToolResult result = run(fileRead, "path", "open.md", "tail", 1);

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("b");
        assertThat(result.structuredContent().get("totalLines").intValue()).isEqualTo(2);
    }

    @Test
    void shouldReadAnEmptyFileAsNoLines() throws Exception {
        // given
        write(root.resolve("empty.txt"), "");

        // when
        CallToolResult result = run(fileRead, "path", "empty.txt");

        // then
        assertThat(result.structuredContent().get("content").asString()).isEmpty();
        assertThat(result.structuredContent().get("totalLines").intValue()).isZero();
        assertThat(result.structuredContent().get("startLine").intValue()).isZero();
        assertThat(result.structuredContent().get("endLine").intValue()).isZero();
    }

    @Test
    void shouldRefuseHeadAndTailTogether() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "head", 1, "tail", 1))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'head' and 'tail'");
    }

    @Test
    void shouldRefuseHeadWithARange() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "head", 1, "startLine", 2))
                .isInstanceOf(ToolFailure.class);
    }

    @Test
    void shouldRefuseAStartLineAfterTheEndLine() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "startLine", 4, "endLine", 2))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("startLine ≤ endLine");
    }

    @Test
    void shouldRefuseAStartLineBeyondTheFile() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "startLine", 9))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("at most 5");
    }

    @Test
    void shouldRefuseAnOversizedFile() {
        // given
        ToolDefinition smallRead = FileReadTool.definition(new PathJail(ToolTestSupport.settings(root, 10)));

        // when / then
        assertThatThrownBy(() -> run(smallRead, "path", "notes/five.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("FILESYSTEM_MAX_FILE_SIZE")
                .hasMessageContaining(FIVE_LINES.length() + " bytes");
    }

    @Test
    void shouldRefuseADisallowedExtension() {
        // given
        write(root.resolve("program.exe"), "MZ");

        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "program.exe"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.exe'")
                .hasMessageContaining("FILESYSTEM_ALLOWED_EXTENSIONS");
    }

    @Test
    void shouldRefuseALinkWithAnAllowedNameToADisallowedFile() throws Exception {
        // given
        Path binary = write(root.resolve("data.bin"), "secret");
        Files.createSymbolicLink(root.resolve("alias.txt"), binary);

        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "alias.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.bin'");
    }

    @Test
    void shouldRefuseADirectory() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("it is a directory");
    }

    @Test
    void shouldRefuseAMissingFile() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/missing.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'notes/missing.txt'");
    }

    @Test
    void shouldRefuseAPathOutsideTheRoot() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "../etc/passwd.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldDecodeTheGivenEncoding() throws Exception {
        // given
        Files.write(root.resolve("latin.txt"), "café\n".getBytes(StandardCharsets.ISO_8859_1));

        // when
        CallToolResult result = run(fileRead, "path", "latin.txt", "encoding", "ISO-8859-1");

        // then
        assertThat(result.structuredContent().get("content").asString()).isEqualTo("café\n");
    }

    @Test
    void shouldRefuseAnUnknownEncoding() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "encoding", "klingon-8"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("klingon-8");
    }
}
