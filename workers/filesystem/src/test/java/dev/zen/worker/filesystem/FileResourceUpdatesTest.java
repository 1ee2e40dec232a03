package dev.zen.worker.filesystem;

import dev.zen.worker.testkit.RecordingClientChannel;
import static dev.zen.worker.filesystem.ToolTestSupport.runWith;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools that change files tell the files' resource subscribers, with the URIs the template serves. */
class FileResourceUpdatesTest {

    @TempDir
    Path root;

    RecordingClientChannel client = new RecordingClientChannel();
    ToolDefinition fileWrite;
    ToolDefinition fileEdit;
    ToolDefinition fileMove;
    ToolDefinition fileMkdir;

    @BeforeEach
    void setUp() {
        PathJail jail = ToolTestSupport.jail(root);
        PathLocks locks = new PathLocks();
        fileWrite = FileWriteTool.definition(jail, locks);
        fileEdit = FileEditTool.definition(jail, locks);
        fileMove = FileMoveTool.definition(jail, locks);
        fileMkdir = FileMkdirTool.definition(jail);
        write(root.resolve("notes/todo.md"), "- milk\n");
    }

    @Test
    void shouldTellSubscribersOfAWrittenFile() throws Exception {
        // when
        runWith(fileWrite, client.channel(), "path", "notes/new file.md", "content", "hello");

        // then
        assertThat(client.updated()).containsExactly("file:///notes/new%20file.md");
        assertThat(root.resolve("notes/new file.md")).hasContent("hello");
    }

    @Test
    void shouldNameAFileWrittenThroughAnAbsolutePathRelativeToTheRoot() throws Exception {
        // when
        runWith(fileWrite, client.channel(), "path", root.resolve("notes/todo.md").toString(), "content", "- eggs\n",
                "append", true);

        // then
        assertThat(client.updated()).containsExactly("file:///notes/todo.md");
    }

    @Test
    void shouldTellSubscribersOfBothALinkAndItsTargetWhenWritingThroughTheLink() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("alias.md"), root.resolve("notes/todo.md"));

        // when
        runWith(fileWrite, client.channel(), "path", "alias.md", "content", "changed");

        // then
        assertThat(client.updated()).containsExactly("file:///alias.md", "file:///notes/todo.md");
        assertThat(root.resolve("notes/todo.md")).hasContent("changed");
    }

    @Test
    void shouldTellNobodyWhenAWriteIsRefused() {
        // when / then
        assertThatThrownBy(() -> runWith(fileWrite, client.channel(), "path", "run.exe", "content", "MZ"))
                .isInstanceOf(ToolFailure.class);
        assertThat(client.updated()).isEmpty();
    }

    @Test
    void shouldStillWriteWhenTheNoticeCannotBeSent() throws Exception {
        // given
        RecordingClientChannel broken = new RecordingClientChannel(uri -> {
            throw new IllegalStateException("relay down");
        });

        // when
        var result = runWith(fileWrite, broken.channel(), "path", "notes/todo.md", "content", "written");

        // then
        assertThat(result.isErrorResult()).isFalse();
        assertThat(root.resolve("notes/todo.md")).hasContent("written");
    }

    @Test
    void shouldTellSubscribersOfAnEditedFile() throws Exception {
        // when
        runWith(fileEdit, client.channel(), "path", "notes/todo.md",
                "edits", List.of(Map.of("oldText", "milk", "newText", "bread")));

        // then
        assertThat(client.updated()).containsExactly("file:///notes/todo.md");
        assertThat(root.resolve("notes/todo.md")).hasContent("- bread\n");
    }

    @Test
    void shouldTellNobodyOfADryRunOrAnEditThatChangesNothing() throws Exception {
        // when
        runWith(fileEdit, client.channel(), "path", "notes/todo.md",
                "edits", List.of(Map.of("oldText", "milk", "newText", "bread")), "dryRun", true);
        runWith(fileEdit, client.channel(), "path", "notes/todo.md",
                "edits", List.of(Map.of("oldText", "milk", "newText", "milk")));

        // then
        assertThat(client.updated()).isEmpty();
        assertThat(root.resolve("notes/todo.md")).hasContent("- milk\n");
    }

    @Test
    void shouldTellSubscribersOfBothEndsOfAMove() throws Exception {
        // given
        Files.createDirectories(root.resolve("archive 2026"));

        // when
        runWith(fileMove, client.channel(), "source", "notes/todo.md", "destination", "archive 2026/todo.md");

        // then
        assertThat(client.updated()).containsExactly("file:///notes/todo.md", "file:///archive%202026/todo.md");
        assertThat(root.resolve("archive 2026/todo.md")).hasContent("- milk\n");
    }

    @Test
    void shouldTellNobodyWhenAMoveIsRefused() throws Exception {
        // given
        write(root.resolve("taken.md"), "taken");

        // when / then
        assertThatThrownBy(() -> runWith(fileMove, client.channel(), "source", "notes/todo.md", "destination", "taken.md"))
                .isInstanceOf(ToolFailure.class);
        assertThat(client.updated()).isEmpty();
    }

    @Test
    void shouldTellNobodyOfANewDirectory() throws Exception {
        // when
        runWith(fileMkdir, client.channel(), "path", "empty/dir");

        // then
        assertThat(client.updated()).isEmpty();
    }
}
