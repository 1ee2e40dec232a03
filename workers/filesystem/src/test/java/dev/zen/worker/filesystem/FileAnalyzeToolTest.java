package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FileAnalyzeToolTest {

    @TempDir
    Path root;

    ToolDefinition fileAnalyze;

    @BeforeEach
    void setUp() {
        fileAnalyze = FileAnalyzeTool.definition(ToolTestSupport.jail(root));
    }

    @Test
    void shouldDescribeATextFile() throws Exception {
        // given
        String content = "first\nsecond\nthird";
        write(root.resolve("notes/n.txt"), content);

        // when
        CallToolResult result = run(fileAnalyze, "path", "notes/n.txt");

        // then
        JsonNode structured = result.structuredContent();
        assertThat(structured.get("path").asString()).isEqualTo("notes/n.txt");
        assertThat(structured.get("type").asString()).isEqualTo("file");
        assertThat(structured.get("size").intValue()).isEqualTo(content.length());
        assertThat(structured.get("mimeType").asString()).isEqualTo("text/plain");
        assertThat(structured.get("lineCount").intValue()).isEqualTo(3);
        assertThat(structured.get("encoding").asString()).isEqualTo("UTF-8");
        assertThat(structured.get("sha256").asString()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8))));
        assertThat(Instant.parse(structured.get("modified").asString())).isBeforeOrEqualTo(Instant.now());
        Instant.parse(structured.get("created").asString());
        Instant.parse(structured.get("accessed").asString());
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(new byte[] {'h', 'i', '\n'}, "UTF-8"),
                Arguments.of("héllo\n".getBytes(StandardCharsets.UTF_8), "UTF-8"),
                Arguments.of(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'}, "UTF-8 (BOM)"),
                Arguments.of(new byte[] {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0}, "UTF-16LE (BOM)"),
                Arguments.of(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 'h', 0, 'i'}, "UTF-16BE (BOM)"),
                Arguments.of("café\n".getBytes(StandardCharsets.ISO_8859_1), "ISO-8859-1"),
                Arguments.of(new byte[] {(byte) 0xC3}, "ISO-8859-1"),
                Arguments.of(new byte[] {0x7F, 'E', 'L', 'F', 0, 0, 1}, "binary"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void shouldDetectTheEncoding(byte[] bytes, String encoding) throws Exception {
        // given
        Files.write(root.resolve("sample.dat"), bytes);

        // when
        CallToolResult result = run(fileAnalyze, "path", "sample.dat");

        // then
        assertThat(result.structuredContent().get("encoding").asString()).isEqualTo(encoding);
    }

    @Test
    void shouldNotCountLinesOfABinaryFile() throws Exception {
        // given
        Files.write(root.resolve("blob.bin"), new byte[] {0, 1, '\n', 2});

        // when
        CallToolResult result = run(fileAnalyze, "path", "blob.bin");

        // then
        assertThat(result.structuredContent().has("lineCount")).isFalse();
        assertThat(result.structuredContent().get("mimeType").asString()).isNotBlank();
    }

    @Test
    void shouldDescribeADirectoryWithoutContentFields() throws Exception {
        // given
        Files.createDirectories(root.resolve("dir"));

        // when
        CallToolResult result = run(fileAnalyze, "path", "dir");

        // then
        JsonNode structured = result.structuredContent();
        assertThat(structured.get("type").asString()).isEqualTo("directory");
        assertThat(structured.get("mimeType").asString()).isEqualTo("inode/directory");
        assertThat(structured.has("sha256")).isFalse();
        assertThat(structured.has("encoding")).isFalse();
    }

    @Test
    void shouldReportALinkAsASymlinkWithItsTarget() throws Exception {
        // given
        write(root.resolve("real.md"), "# title\n");
        Files.createSymbolicLink(root.resolve("alias.md"), root.resolve("real.md"));

        // when
        CallToolResult result = run(fileAnalyze, "path", "alias.md");

        // then
        assertThat(result.structuredContent().get("type").asString()).isEqualTo("symlink");
        assertThat(result.structuredContent().get("linkTarget").asString()).isEqualTo("real.md");
        assertThat(result.structuredContent().get("mimeType").asString()).isEqualTo("text/markdown");
    }

    @Test
    void shouldRefuseAMissingPath() {
        // when / then
        assertThatThrownBy(() -> run(fileAnalyze, "path", "ghost.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'ghost.txt'");
    }
}
