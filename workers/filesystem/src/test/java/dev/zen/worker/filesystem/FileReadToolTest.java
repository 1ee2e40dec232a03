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
import java.util.ArrayList;
import java.util.List;
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

    /** {@code count} lines of 100 bytes each: "line 0001 xxx…\n". */
    private static String numberedLines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String head = String.format("line %04d ", i);
            text.append(head).append("x".repeat(99 - head.length())).append('\n');
        }
        return text.toString();
    }

    @Test
    void shouldSayAWholeSmallFileIsNotTruncated() throws Exception {
        // when
        CallToolResult result = run(fileRead, "path", "notes/five.txt");

        // then
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(result.structuredContent().has("nextStartLine")).isFalse();
        assertThat(text(result)).isEqualTo(FIVE_LINES);
    }

    @Test
    void shouldStopAtMaxBytesOnALineBoundaryAndReadOnFromNextStartLine() throws Exception {
        // given: 50 lines of 100 bytes, read 1 KiB at a time
        String whole = numberedLines(50);
        write(root.resolve("big.txt"), whole);

        // when
        CallToolResult first = run(fileRead, "path", "big.txt", "maxBytes", 1024);

        // then: ten whole lines fit in 1024 bytes, the eleventh would not
        JsonNode structured = first.structuredContent();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.get("startLine").intValue()).isEqualTo(1);
        assertThat(structured.get("endLine").intValue()).isEqualTo(10);
        assertThat(structured.get("nextStartLine").intValue()).isEqualTo(11);
        assertThat(structured.get("totalLines").intValue()).isEqualTo(50);
        assertThat(structured.get("content").asString()).isEqualTo(whole.substring(0, 1000));
        assertThat(text(first)).startsWith(whole.substring(0, 1000)).contains("truncated", "startLine: 11");

        // when: reading on until the end
        StringBuilder read = new StringBuilder(structured.get("content").asString());
        List<Integer> starts = new ArrayList<>(List.of(1));
        while (structured.get("truncated").booleanValue()) {
            int next = structured.get("nextStartLine").intValue();
            starts.add(next);
            structured = run(fileRead, "path", "big.txt", "maxBytes", 1024, "startLine", next).structuredContent();
            read.append(structured.get("content").asString());
        }

        // then: every line exactly once
        assertThat(read.toString()).isEqualTo(whole);
        assertThat(starts).containsExactly(1, 11, 21, 31, 41);
        assertThat(structured.has("nextStartLine")).isFalse();
        assertThat(structured.get("endLine").intValue()).isEqualTo(50);
    }

    @Test
    void shouldKeepTheEndOfARangeWhenReadingOn() throws Exception {
        // given
        String whole = numberedLines(50);
        write(root.resolve("big.txt"), whole);

        // when: lines 5-30, 1 KiB at a time
        CallToolResult first = run(fileRead, "path", "big.txt", "startLine", 5, "endLine", 30, "maxBytes", 1024);
        JsonNode structured = first.structuredContent();
        StringBuilder read = new StringBuilder(structured.get("content").asString());
        while (structured.get("truncated").booleanValue()) {
            structured = run(fileRead, "path", "big.txt", "startLine", structured.get("nextStartLine").intValue(),
                    "endLine", 30, "maxBytes", 1024).structuredContent();
            read.append(structured.get("content").asString());
        }

        // then
        assertThat(text(first)).contains("startLine: 15, endLine: 30");
        assertThat(read.toString()).isEqualTo(whole.substring(400, 3000));
    }

    @Test
    void shouldCapAWholeReadAtTheDefaultMaxBytes() throws Exception {
        // given: 3000 lines of 100 bytes, more than 256 KiB
        write(root.resolve("huge.txt"), numberedLines(3000));

        // when
        CallToolResult result = run(fileRead, "path", "huge.txt");

        // then
        JsonNode structured = result.structuredContent();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.get("content").asString()).hasSize(2621 * 100);
        assertThat(structured.get("endLine").intValue()).isEqualTo(2621);
        assertThat(structured.get("nextStartLine").intValue()).isEqualTo(2622);
        assertThat(structured.get("size").intValue()).isEqualTo(300_000);
    }

    @Test
    void shouldCountMaxBytesInUtf8() throws Exception {
        // given: 'é' is two bytes in UTF-8, so 600 characters are 1200 bytes
        write(root.resolve("accents.txt"), "é".repeat(599) + "\n" + "tail\n");

        // when
        CallToolResult result = run(fileRead, "path", "accents.txt", "maxBytes", 1024);

        // then: the first line does not fit whole: it is cut on a character, and the next line reads on
        JsonNode structured = result.structuredContent();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.get("content").asString()).isEqualTo("é".repeat(512));
        assertThat(structured.get("endLine").intValue()).isEqualTo(1);
        assertThat(structured.get("nextStartLine").intValue()).isEqualTo(2);
        assertThat(text(result)).contains("line 1 is longer than maxBytes");
    }

    @Test
    void shouldCutTheOnlyLineLongerThanMaxBytesAndSayHowToSeeMore() throws Exception {
        // given
        write(root.resolve("minified.js"), "x".repeat(5000));

        // when
        CallToolResult result = run(fileRead, "path", "minified.js", "maxBytes", 2048);

        // then
        JsonNode structured = result.structuredContent();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.get("content").asString()).hasSize(2048);
        assertThat(structured.has("nextStartLine")).isFalse();
        assertThat(text(result)).contains("larger maxBytes");
        assertThat(run(fileRead, "path", "minified.js", "maxBytes", 8192).structuredContent().get("content").asString())
                .hasSize(5000);
    }

    @Test
    void shouldRefuseAMaxBytesOutOfBounds() {
        // when / then
        assertThatThrownBy(() -> run(fileRead, "path", "notes/five.txt", "maxBytes", 10))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'maxBytes'");
    }
}
