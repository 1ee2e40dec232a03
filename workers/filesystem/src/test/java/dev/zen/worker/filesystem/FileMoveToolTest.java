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

class FileMoveToolTest {

    @TempDir
    Path temp;

    Path root;
    ToolDefinition fileMove;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        fileMove = FileMoveTool.definition(ToolTestSupport.jail(root), new PathLocks());
        write(root.resolve("a.txt"), "A");
        write(root.resolve("b.txt"), "B");
    }

    @Test
    void shouldMoveAFile() throws Exception {
        // given
        Files.createDirectories(root.resolve("archive"));

        // when
        CallToolResult result = run(fileMove, "source", "a.txt", "destination", "archive/a-old.txt");

        // then
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(root.resolve("archive/a-old.txt")).hasContent("A");
        assertThat(result.structuredContent().get("source").asString()).isEqualTo("a.txt");
        assertThat(result.structuredContent().get("destination").asString()).isEqualTo("archive/a-old.txt");
        assertThat(result.structuredContent().get("overwritten").booleanValue()).isFalse();
    }

    @Test
    void shouldRefuseAnExistingDestinationAndChangeNothing() {
        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "a.txt", "destination", "b.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'b.txt'")
                .hasMessageContaining("overwrite");
        assertThat(root.resolve("a.txt")).hasContent("A");
        assertThat(root.resolve("b.txt")).hasContent("B");
    }

    @Test
    void shouldReplaceAnExistingDestinationWhenAsked() throws Exception {
        // when
        CallToolResult result = run(fileMove, "source", "a.txt", "destination", "b.txt", "overwrite", true);

        // then
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(root.resolve("b.txt")).hasContent("A");
        assertThat(result.structuredContent().get("overwritten").booleanValue()).isTrue();
    }

    @Test
    void shouldMoveADirectory() throws Exception {
        // given
        write(root.resolve("dir/inner.md"), "inner");

        // when
        run(fileMove, "source", "dir", "destination", "renamed");

        // then
        assertThat(root.resolve("renamed/inner.md")).hasContent("inner");
        assertThat(root.resolve("dir")).doesNotExist();
    }

    @Test
    void shouldRefuseADestinationOutsideTheRootAndKeepTheSource() {
        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "a.txt", "destination", "../stolen.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
        assertThat(root.resolve("a.txt")).hasContent("A");
        assertThat(temp.resolve("stolen.txt")).doesNotExist();
    }

    @Test
    void shouldRefuseAMissingSource() {
        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "ghost.txt", "destination", "c.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'ghost.txt'");
    }

    @Test
    void shouldRefuseRenamingAFileToADisallowedExtension() {
        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "a.txt", "destination", "a.exe"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.exe'");
        assertThat(root.resolve("a.txt")).exists();
    }

    @Test
    void shouldRefuseAMissingDestinationDirectory() {
        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "a.txt", "destination", "nowhere/a.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'nowhere'");
    }

    @Test
    void shouldRefuseMovingADirectoryIntoItself() throws Exception {
        // given
        Files.createDirectories(root.resolve("dir/sub"));

        // when / then
        assertThatThrownBy(() -> run(fileMove, "source", "dir", "destination", "dir/sub/dir"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("inside 'dir'");
    }

    @Test
    void shouldMoveALinkItselfNotItsTarget() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("a.txt"));

        // when
        run(fileMove, "source", "link.txt", "destination", "moved-link.txt");

        // then
        assertThat(Files.isSymbolicLink(root.resolve("moved-link.txt"))).isTrue();
        assertThat(root.resolve("a.txt")).hasContent("A");
    }
}
