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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMkdirToolTest {

    @TempDir
    Path root;

    ToolDefinition fileMkdir;

    @BeforeEach
    void setUp() {
        fileMkdir = FileMkdirTool.definition(ToolTestSupport.jail(root));
    }

    @Test
    void shouldCreateNestedDirectories() throws Exception {
        // when
        CallToolResult result = run(fileMkdir, "path", "a/b/c");

        // then
        assertThat(root.resolve("a/b/c")).isDirectory();
        assertThat(result.structuredContent().get("path").asString()).isEqualTo("a/b/c");
        assertThat(result.structuredContent().get("created").booleanValue()).isTrue();
    }

    @Test
    void shouldSucceedWhenTheDirectoryExists() throws Exception {
        // given
        Files.createDirectories(root.resolve("there"));

        // when
        CallToolResult result = run(fileMkdir, "path", "there");

        // then
        assertThat(result.structuredContent().get("created").booleanValue()).isFalse();
        assertThat(fileMkdir.descriptor().annotations().idempotentHint()).isTrue();
        assertThat(fileMkdir.descriptor().annotations().destructiveHint()).isFalse();
    }

    @Test
    void shouldRefuseWhenAFileIsInTheWay() {
        // given
        write(root.resolve("taken.txt"), "x");

        // when / then
        assertThatThrownBy(() -> run(fileMkdir, "path", "taken.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("it is a file");
    }

    @Test
    void shouldRefuseAPathOutsideTheRoot() {
        // when / then
        assertThatThrownBy(() -> run(fileMkdir, "path", "../../evil"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }
}
