package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteToolTest {

    @TempDir
    Path root;

    ToolDefinition fileWrite;

    @BeforeEach
    void setUp() {
        fileWrite = FileWriteTool.definition(ToolTestSupport.jail(root), new PathLocks());
    }

    @Test
    void shouldCreateAFileAndItsParentDirectories() throws Exception {
        // when
        CallToolResult result = run(fileWrite, "path", "new/dir/hello.txt", "content", "héllo");

        // then
        assertThat(root.resolve("new/dir/hello.txt")).hasContent("héllo");
        assertThat(result.structuredContent().get("path").asString()).isEqualTo("new/dir/hello.txt");
        assertThat(result.structuredContent().get("bytesWritten").intValue()).isEqualTo(6);
        assertThat(result.structuredContent().get("created").booleanValue()).isTrue();
    }

    @Test
    void shouldOverwriteAnExistingFile() throws Exception {
        // given
        write(root.resolve("a.txt"), "old content that is longer");

        // when
        CallToolResult result = run(fileWrite, "path", "a.txt", "content", "new");

        // then
        assertThat(root.resolve("a.txt")).hasContent("new");
        assertThat(result.structuredContent().get("created").booleanValue()).isFalse();
    }

    @Test
    void shouldAppendToAnExistingFile() throws Exception {
        // given
        write(root.resolve("log.log"), "first\n");

        // when
        run(fileWrite, "path", "log.log", "content", "second\n", "append", true);

        // then
        assertThat(root.resolve("log.log")).hasContent("first\nsecond\n");
    }

    @Test
    void shouldRefuseAMissingParentWhenCreateDirectoriesIsFalse() {
        // when / then
        assertThatThrownBy(() -> run(fileWrite, "path", "nope/a.txt", "content", "x", "createDirectories", false))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("createDirectories");
        assertThat(root.resolve("nope")).doesNotExist();
    }

    @Test
    void shouldRefuseContentAboveTheSizeLimitAndWriteNothing() {
        // given
        ToolDefinition smallWrite = FileWriteTool.definition(new PathJail(ToolTestSupport.settings(root, 4)),
                new PathLocks());

        // when / then
        assertThatThrownBy(() -> run(smallWrite, "path", "big.txt", "content", "12345"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("FILESYSTEM_MAX_FILE_SIZE")
                .hasMessageContaining("5 bytes");
        assertThat(root.resolve("big.txt")).doesNotExist();
    }

    @Test
    void shouldRefuseAnAppendGrowingTheFileAboveTheSizeLimit() {
        // given
        write(root.resolve("grow.txt"), "123");
        ToolDefinition smallWrite = FileWriteTool.definition(new PathJail(ToolTestSupport.settings(root, 4)),
                new PathLocks());

        // when / then
        assertThatThrownBy(() -> run(smallWrite, "path", "grow.txt", "content", "45", "append", true))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("FILESYSTEM_MAX_FILE_SIZE");
        assertThat(root.resolve("grow.txt")).hasContent("123");
    }

    @Test
    void shouldRefuseADisallowedExtensionAndWriteNothing() {
        // when / then
        assertThatThrownBy(() -> run(fileWrite, "path", "run.exe", "content", "x"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.exe'");
        assertThat(root.resolve("run.exe")).doesNotExist();
    }

    @Test
    void shouldRefuseWritingOverADirectory() throws Exception {
        // given
        Files.createDirectories(root.resolve("folder.txt"));

        // when / then
        assertThatThrownBy(() -> run(fileWrite, "path", "folder.txt", "content", "x"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("it is a directory");
    }

    @Test
    void shouldAnnotateAsDestructiveAndNotIdempotentBecauseOfAppend() {
        // when
        ToolAnnotations annotations = fileWrite.descriptor().annotations();

        // then
        assertThat(annotations.readOnlyHint()).isFalse();
        assertThat(annotations.destructiveHint()).isTrue();
        assertThat(annotations.idempotentHint()).isFalse();
        assertThat(annotations.openWorldHint()).isFalse();
    }
}
