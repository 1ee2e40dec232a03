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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEditToolTest {

    private static final String SOURCE = "def greet():\n    print('hello')\n    return 1\n";

    @TempDir
    Path root;

    ToolDefinition fileEdit;
    Path file;

    @BeforeEach
    void setUp() {
        fileEdit = FileEditTool.definition(ToolTestSupport.jail(root), new PathLocks());
        file = write(root.resolve("src/greet.py"), SOURCE);
    }

    private static Map<String, String> edit(String oldText, String newText) {
        return Map.of("oldText", oldText, "newText", newText);
    }

    @Test
    void shouldApplyAnEditAndReturnAUnifiedDiff() throws Exception {
        // when
        CallToolResult result = run(fileEdit, "path", "src/greet.py", "edits", List.of(edit("'hello'", "'bye'")));

        // then
        assertThat(file).hasContent("def greet():\n    print('bye')\n    return 1\n");
        String diff = result.structuredContent().get("diff").asString();
        assertThat(diff).startsWith("diff --git a/src/greet.py b/src/greet.py\n--- a/src/greet.py\n+++ b/src/greet.py\n")
                .contains("@@ -1,3 +1,3 @@", "-    print('hello')", "+    print('bye')", " def greet():");
        assertThat(result.structuredContent().get("applied").booleanValue()).isTrue();
        assertThat(result.structuredContent().get("path").asString()).isEqualTo("src/greet.py");
        assertThat(text(result)).isEqualTo(diff);
    }

    @Test
    void shouldNotWriteOnADryRun() throws Exception {
        // when
        CallToolResult result = run(fileEdit, "path", "src/greet.py", "edits", List.of(edit("return 1", "return 2")),
                "dryRun", true);

        // then
        assertThat(file).hasContent(SOURCE);
        assertThat(result.structuredContent().get("applied").booleanValue()).isFalse();
        assertThat(result.structuredContent().get("diff").asString()).contains("-    return 1", "+    return 2");
    }

    @Test
    void shouldApplyEditsInOrder() throws Exception {
        // when: the second edit only matches after the first
        run(fileEdit, "path", "src/greet.py", "edits",
                List.of(edit("greet", "welcome"), edit("def welcome", "async def welcome")));

        // then
        assertThat(file).hasContent("async def welcome():\n    print('hello')\n    return 1\n");
    }

    @Test
    void shouldRefuseOldTextMatchingMoreThanOnceNamingTheEdit() {
        // when / then
        assertThatThrownBy(() -> run(fileEdit, "path", "src/greet.py", "edits",
                        List.of(edit("greet", "hi"), edit("    ", "\t"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("edits[1].oldText")
                .hasMessageContaining("matched 2 times");
        assertThat(file).hasContent(SOURCE);
    }

    @Test
    void shouldRefuseOldTextThatIsNotFoundAndLeaveTheFileUntouched() {
        // when / then
        assertThatThrownBy(() -> run(fileEdit, "path", "src/greet.py", "edits",
                        List.of(edit("return 1", "return 3"), edit("absent", "x"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("edits[1].oldText")
                .hasMessageContaining("not found");
        assertThat(file).hasContent(SOURCE);
    }

    @Test
    void shouldMatchLfSnippetsInACrlfFileAndKeepCrlf() throws Exception {
        // given
        Path crlf = write(root.resolve("win.txt"), "a\r\nb\r\nc\r\n");

        // when
        run(fileEdit, "path", "win.txt", "edits", List.of(edit("a\nb", "a\nB\nb")));

        // then
        assertThat(Files.readString(crlf)).isEqualTo("a\r\nB\r\nb\r\nc\r\n");
    }

    @Test
    void shouldRefuseAFileThatIsNotUtf8() throws Exception {
        // given
        Files.write(root.resolve("latin.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});

        // when / then
        assertThatThrownBy(() -> run(fileEdit, "path", "latin.txt", "edits", List.of(edit("caf", "cof"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRefuseADisallowedExtension() {
        // given
        write(root.resolve("run.exe"), "abc");

        // when / then
        assertThatThrownBy(() -> run(fileEdit, "path", "run.exe", "edits", List.of(edit("a", "b"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.exe'");
    }

    @Test
    void shouldReportNoChangesWhenTheTextStaysTheSame() throws Exception {
        // when
        CallToolResult result = run(fileEdit, "path", "src/greet.py", "edits", List.of(edit("greet", "greet")));

        // then
        assertThat(result.structuredContent().get("diff").asString()).isEmpty();
        assertThat(text(result)).contains("No changes");
    }

    @Test
    void shouldNotLoseConcurrentEditsOfTheSameFile() throws Exception {
        // given: one line per edit, each edit made by its own virtual thread
        int lines = 40;
        write(file, IntStream.range(0, lines).mapToObj(i -> "line " + i + ";\n").collect(Collectors.joining()));

        // when
        List<Future<?>> edits = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < lines; i++) {
                String old = "line " + i + ";";
                edits.add(executor.submit(() -> run(fileEdit, "path", "src/greet.py", "edits",
                        List.of(edit(old, old.toUpperCase())))));
            }
        }
        for (Future<?> edit : edits) {
            edit.get();
        }

        // then
        assertThat(Files.readString(file))
                .isEqualTo(IntStream.range(0, lines).mapToObj(i -> "LINE " + i + ";\n").collect(Collectors.joining()));
    }
}
