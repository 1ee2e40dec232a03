package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static dev.zen.worker.filesystem.ToolTestSupport.text;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileReadManyToolTest {

    @TempDir
    Path root;

    ToolDefinition fileReadMany;

    @BeforeEach
    void setUp() {
        fileReadMany = FileReadManyTool.definition(ToolTestSupport.jail(root));
        write(root.resolve("a.txt"), "alpha\n");
        write(root.resolve("dir/b.md"), "beta");
        write(root.resolve("c.exe"), "MZ");
    }

    @Test
    void shouldReportProgressAfterEachFile() throws Exception {
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.zen.worker.runtime.ClientChannel client = (dev.zen.worker.runtime.ClientChannel) java.lang.reflect.Proxy.newProxyInstance(
                dev.zen.worker.runtime.ClientChannel.class.getClassLoader(), new Class<?>[] {dev.zen.worker.runtime.ClientChannel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("progress")) {
                        progress.add(args[0] + "/" + args[1]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });

        ToolTestSupport.runWith(fileReadMany, client, "paths", List.of("a.txt", "missing.txt", "dir/b.md"));

        assertThat(progress).containsExactly("1.0/3.0", "2.0/3.0", "3.0/3.0");
    }

    @Test
    void shouldReadEveryFileInOrder() throws Exception {
        // when
        CallToolResult result = run(fileReadMany, "paths", List.of("a.txt", "dir/b.md"));

        // then
        JsonNode files = result.structuredContent().get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("path").asString()).isEqualTo("a.txt");
        assertThat(files.get(0).get("content").asString()).isEqualTo("alpha\n");
        assertThat(files.get(1).get("content").asString()).isEqualTo("beta");
        assertThat(text(result)).contains("a.txt:\nalpha\n", "dir/b.md:\nbeta\n");
    }

    @Test
    void shouldReportAFailingFileInItsOwnEntryAndReadTheOthers() throws Exception {
        // when
        CallToolResult result = run(fileReadMany, "paths", List.of("missing.txt", "../escape.txt", "c.exe", "a.txt"));

        // then
        JsonNode files = result.structuredContent().get("files");
        assertThat(result.isErrorResult()).isFalse();
        assertThat(files.get(0).get("error").asString()).contains("missing.txt");
        assertThat(files.get(1).get("error").asString()).contains("outside FILESYSTEM_ROOT");
        assertThat(files.get(2).get("error").asString()).contains("'.exe'");
        assertThat(files.get(3).get("content").asString()).isEqualTo("alpha\n");
        assertThat(files.get(0).has("content")).isFalse();
    }

    @Test
    void shouldRefuseAnEmptyListOfPaths() {
        // when / then
        assertThatThrownBy(() -> run(fileReadMany, "paths", List.of()))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("1 to 100 paths");
    }

    @Test
    void shouldSayASmallAnswerIsNotTruncated() throws Exception {
        // when
        CallToolResult result = run(fileReadMany, "paths", List.of("a.txt", "dir/b.md"));

        // then
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(result.structuredContent().has("unread")).isFalse();
        assertThat(text(result)).isEqualTo("a.txt:\nalpha\n---\ndir/b.md:\nbeta\n---\n");
    }

    @Test
    void shouldStopAtMaxBytesAndListTheUnreadPathsToAskForAgain() throws Exception {
        // given: five files of 600 bytes, at most 1 KiB of content per answer
        List<String> paths = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            String content = String.valueOf(i).repeat(599) + "\n";
            write(root.resolve("part" + i + ".txt"), content);
            paths.add("part" + i + ".txt");
            expected.put("part" + i + ".txt", content);
        }

        // when
        CallToolResult first = run(fileReadMany, "paths", paths, "maxBytes", 1024);

        // then: one file fits, the other four wait
        JsonNode structured = first.structuredContent();
        assertThat(structured.get("truncated").booleanValue()).isTrue();
        assertThat(structured.get("files")).hasSize(1);
        assertThat(strings(structured.get("unread"))).containsExactly("part2.txt", "part3.txt", "part4.txt", "part5.txt");
        assertThat(text(first)).contains("4 files not read", "part2.txt, part3.txt, part4.txt, part5.txt");

        // when: asking again for the unread ones until none is left
        Map<String, String> read = new LinkedHashMap<>();
        int calls = 1;
        while (true) {
            structured.get("files").forEach(file -> read.put(file.get("path").asString(), file.get("content").asString()));
            if (!structured.get("truncated").booleanValue()) {
                break;
            }
            structured = run(fileReadMany, "paths", strings(structured.get("unread")), "maxBytes", 1024).structuredContent();
            calls++;
        }

        // then: every file once, in order
        assertThat(read).containsExactlyEntriesOf(expected);
        assertThat(calls).isEqualTo(5);
    }

    @Test
    void shouldReportAFileLargerThanMaxBytesAsAnErrorThatPointsToFileRead() throws Exception {
        // given
        write(root.resolve("big.txt"), "x".repeat(2000));

        // when
        CallToolResult result = run(fileReadMany, "paths", List.of("big.txt", "a.txt"), "maxBytes", 1024);

        // then: asking again would not help, so it is not unread; the next file is still read
        JsonNode files = result.structuredContent().get("files");
        assertThat(result.structuredContent().get("truncated").booleanValue()).isFalse();
        assertThat(files.get(0).get("error").asString()).contains("'big.txt'", "2000", "file_read");
        assertThat(files.get(1).get("content").asString()).isEqualTo("alpha\n");
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asString()));
        return strings;
    }
}
