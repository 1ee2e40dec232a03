package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.Principal;
import dev.zen.schemas.UriTemplate;
import dev.zen.worker.runtime.ResourceNotFound;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceCall;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class FileResourcesTest {

    private static final String TODO = "# Todo\n- milk\n";
    private static final String SECRET = "TOP SECRET";

    @TempDir
    Path temp;

    Path root;
    Path outside;
    ResourceTemplateDefinition files;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        write(outside.resolve("secret.txt"), SECRET);
        write(root.resolve("notes/todo.md"), TODO);
        files = FileResources.definition(ToolTestSupport.jail(root));
    }

    /** Reads {@code uri} as the runtime does: the template's variables become the call's arguments. */
    private static JsonNode read(ResourceTemplateDefinition template, String uri) throws Exception {
        Map<String, String> variables = template.template().match(uri)
                .orElseThrow(() -> new AssertionError("Expected " + uri + " to match " + template.template()));
        return template.reader().read(uri, new ServiceCall(variables, Principal.ANONYMOUS, null));
    }

    private JsonNode read(String uri) throws Exception {
        return read(files, uri);
    }

    /** The one content of a read result. */
    private static JsonNode content(JsonNode result) {
        assertThat(result.get("contents").size()).isEqualTo(1);
        return result.get("contents").get(0);
    }

    private List<String> complete(String partial) throws Exception {
        return files.completer().complete("path", partial, new ServiceCall(Map.of(), Principal.ANONYMOUS, null));
    }

    @Test
    void shouldDescribeTheTemplate() {
        // then
        JsonNode descriptor = files.descriptor();
        assertThat(descriptor.get("uriTemplate").asString()).isEqualTo("file:///{+path}");
        assertThat(descriptor.get("name").asString()).isEqualTo("file");
        assertThat(descriptor.get("description").asString()).contains("relative to the root")
                .contains("file:///notes/todo.md");
        assertThat(files.template().variables()).containsExactly("path");
        assertThat(files.completer()).isNotNull();
    }

    @Test
    void shouldReadATextFile() throws Exception {
        // when
        JsonNode content = content(read("file:///notes/todo.md"));

        // then
        assertThat(content.get("uri").asString()).isEqualTo("file:///notes/todo.md");
        assertThat(content.get("mimeType").asString()).isEqualTo("text/markdown");
        assertThat(content.get("text").asString()).isEqualTo(TODO);
        assertThat(content.has("blob")).isFalse();
        assertThat(content.size()).isEqualTo(3);
    }

    @Test
    void shouldDecodeTextWithABomOrInLatin1() throws Exception {
        // given
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', (byte) 0xC3, (byte) 0xA9, '!'};
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
        byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0};
        Files.write(root.resolve("bom.txt"), bom);
        Files.write(root.resolve("latin1.txt"), latin1);
        Files.write(root.resolve("utf16.txt"), utf16);

        // then
        assertThat(content(read("file:///bom.txt")).get("text").asString()).isEqualTo("hé!");
        assertThat(content(read("file:///latin1.txt")).get("text").asString()).isEqualTo("café");
        assertThat(content(read("file:///utf16.txt")).get("text").asString()).isEqualTo("hi");
        assertThat(content(read("file:///utf16.txt")).get("mimeType").asString()).isEqualTo("text/plain");
    }

    @Test
    void shouldReadABinaryFileAsABase64Blob() throws Exception {
        // given: any extension, so that a .png may be read
        files = FileResources.definition(new PathJail(ToolTestSupport.anyExtension(root)));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, (byte) 0xFF, (byte) 0xFE, 1};
        Files.createDirectories(root.resolve("img"));
        Files.write(root.resolve("img/logo.png"), png);

        // when
        JsonNode content = content(read("file:///img/logo.png"));

        // then
        assertThat(content.get("uri").asString()).isEqualTo("file:///img/logo.png");
        assertThat(content.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(content.get("blob").asString()).isEqualTo(Base64.getEncoder().encodeToString(png));
        assertThat(Base64.getDecoder().decode(content.get("blob").asString())).isEqualTo(png);
        assertThat(content.has("text")).isFalse();
    }

    @Test
    void shouldServeBinaryContentBehindATextExtensionAsOctetStream() throws Exception {
        // given
        byte[] bytes = {'a', 0, 'b'};
        Files.write(root.resolve("data.txt"), bytes);

        // when
        JsonNode content = content(read("file:///data.txt"));

        // then
        assertThat(content.get("mimeType").asString()).isEqualTo("application/octet-stream");
        assertThat(Base64.getDecoder().decode(content.get("blob").asString())).isEqualTo(bytes);
    }

    @Test
    void shouldNotFindAMissingFile() {
        // when / then
        assertThatThrownBy(() -> read("file:///notes/none.md"))
                .isInstanceOfSatisfying(ResourceNotFound.class,
                        e -> assertThat(e.uri()).isEqualTo("file:///notes/none.md"))
                .hasMessageContaining("no file at 'notes/none.md'");
    }

    @Test
    void shouldNeverServeAnythingOutsideTheRoot() throws Exception {
        // given: links out of the root, and the root's own absolute path
        Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linked"), outside);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));
        List<String> uris = List.of(
                "file:///../outside/secret.txt",
                "file:///%2e%2e/outside/secret.txt",
                "file:///%2E%2E%2Foutside%2Fsecret.txt",
                "file:///notes/%2e%2e/%2e%2e/outside/secret.txt",
                "file:///leak.txt",
                "file:///linked/secret.txt",
                "file:///up/secret.txt",
                "file:////etc/passwd",
                "file:///%2Fetc%2Fpasswd",
                "file:///" + outside.resolve("secret.txt"),
                "file:///" + root.resolve("notes/todo.md"), // absolute, even inside the root: paths are root-relative
                "file://" + root.resolve("notes/todo.md"), // read as root-relative: no such file under the root
                "file:///notes/todo.md%00.txt");

        for (String uri : uris) {
            // when / then
            assertThatThrownBy(() -> read(uri)).as(uri)
                    .isInstanceOfSatisfying(ResourceNotFound.class, e -> assertThat(e.uri()).isEqualTo(uri))
                    .hasMessageNotContaining(SECRET)
                    .hasMessageStartingWith("Resource not found: " + uri);
        }
    }

    @Test
    void shouldServeALinkThatStaysInsideTheRootUnderItsOwnName() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("alias.md"), root.resolve("notes/todo.md"));

        // when
        JsonNode content = content(read("file:///alias.md"));

        // then
        assertThat(content.get("uri").asString()).isEqualTo("file:///alias.md");
        assertThat(content.get("text").asString()).isEqualTo(TODO);
    }

    @Test
    void shouldAnswerWithTheCanonicalUri() throws Exception {
        // when
        JsonNode content = content(read("file:///notes/./sub/../todo.md"));

        // then
        assertThat(content.get("uri").asString()).isEqualTo("file:///notes/todo.md");
        assertThat(content.get("text").asString()).isEqualTo(TODO);
    }

    @Test
    void shouldRefuseAFileAboveTheSizeLimit() throws Exception {
        // given: a 16-byte limit
        files = FileResources.definition(new PathJail(ToolTestSupport.settings(root, 16)));
        write(root.resolve("fits.txt"), "0123456789abcdef");
        write(root.resolve("big.txt"), "0123456789abcdefg");

        // when / then
        assertThat(content(read("file:///fits.txt")).get("text").asString()).isEqualTo("0123456789abcdef");
        assertThatThrownBy(() -> read("file:///big.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected at most 16 bytes (FILESYSTEM_MAX_FILE_SIZE), but 'big.txt' would be 17 bytes "
                        + "(17 bytes)");
    }

    @Test
    void shouldRefuseADirectory() {
        // when / then
        assertThatThrownBy(() -> read("file:///notes"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageStartingWith("Expected a file, but 'notes' is a directory");
        assertThatThrownBy(() -> read("file:///notes/"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageStartingWith("Expected a file, but 'notes' is a directory");
    }

    @Test
    void shouldRefuseAnExtensionAsFileReadDoes() throws Exception {
        // given
        write(root.resolve("notes/run.exe"), "MZ");
        ToolFailure fromTool = null;
        try {
            ToolTestSupport.run(FileReadTool.definition(ToolTestSupport.jail(root)), "path", "notes/run.exe");
        } catch (ToolFailure e) {
            fromTool = e;
        }

        // when / then
        assertThat(fromTool).isNotNull();
        assertThatThrownBy(() -> read("file:///notes/run.exe"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("FILESYSTEM_ALLOWED_EXTENSIONS")
                .hasMessage(fromTool.getMessage());
    }

    @Test
    void shouldReadPercentEncodedNames() throws Exception {
        // given
        write(root.resolve("my notes/a b+c.md"), "spaced");
        write(root.resolve("café/über?.txt"), "unicode");

        // when
        String spaced = FileResources.uri("my notes/a b+c.md");
        String unicode = FileResources.uri("café/über?.txt");

        // then
        assertThat(spaced).isEqualTo("file:///my%20notes/a%20b%2Bc.md");
        assertThat(content(read(spaced)).get("text").asString()).isEqualTo("spaced");
        assertThat(content(read(spaced)).get("uri").asString()).isEqualTo(spaced);
        assertThat(content(read("file:///my%20notes/a%20b+c.md")).get("text").asString()).isEqualTo("spaced");
        assertThat(unicode).isEqualTo("file:///caf%C3%A9/%C3%BCber%3F.txt");
        assertThat(content(read(unicode)).get("text").asString()).isEqualTo("unicode");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "todo.md|file:///todo.md",
        "notes/sub/todo.md|file:///notes/sub/todo.md",
        "a b.txt|file:///a%20b.txt",
        "100%.txt|file:///100%25.txt",
        "x+y.txt|file:///x%2By.txt",
        "what?#.md|file:///what%3F%23.md",
        "Tilde~_-.TXT|file:///Tilde~_-.TXT",
        "(draft) [1]:x.md|file:///%28draft%29%20%5B1%5D%3Ax.md"
    })
    void shouldBuildUrisTheTemplateDecodesBack(String relative, String expected) {
        // when
        String uri = FileResources.uri(relative);

        // then
        assertThat(uri).isEqualTo(expected);
        assertThat(new UriTemplate(FileResources.URI_TEMPLATE).match(uri)).contains(Map.of("path", relative));
    }

    @Test
    void shouldRefuseToBuildAUriFromAnAbsoluteOrEmptyPath() {
        // when / then
        assertThatThrownBy(() -> FileResources.uri("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileResources.uri("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCompleteAPartialPathWithTheEntriesOfItsDirectory() throws Exception {
        // given
        write(root.resolve("notes/todo-old.txt"), "old");
        write(root.resolve("notes/tea.md"), "tea");
        write(root.resolve("notes/.todo-hidden.md"), "hidden");
        write(root.resolve("notes/todo.exe"), "refused extension");
        Files.createDirectories(root.resolve("notes/to-archive"));
        Files.createSymbolicLink(root.resolve("notes/to-outside"), outside);
        Files.createSymbolicLink(root.resolve("notes/to-inside.md"), root.resolve("notes/tea.md"));

        // when
        List<String> values = complete("notes/to");

        // then: sorted by name, directories with '/', no refused extension, no link out of the root, no dotfile
        assertThat(values).containsExactly("notes/to-archive/", "notes/to-inside.md", "notes/todo-old.txt",
                "notes/todo.md");
    }

    @Test
    void shouldCompleteFromTheRootAndOfferDotfilesOnlyForADot() throws Exception {
        // given
        write(root.resolve("readme.md"), "r");
        write(root.resolve(".env.txt"), "e");

        // then
        assertThat(complete("")).containsExactly("notes/", "readme.md");
        assertThat(complete("n")).containsExactly("notes/");
        assertThat(complete("notes/")).containsExactly("notes/todo.md");
        assertThat(complete(".")).containsExactly(".env.txt");
        assertThat(complete("notes/zzz")).isEmpty();
        assertThat(complete("notes/todo.md/")).isEmpty();
    }

    @Test
    void shouldCompleteNothingOutsideTheRoot() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("linked"), outside);

        // then
        assertThat(complete("../")).isEmpty();
        assertThat(complete("../outside/s")).isEmpty();
        assertThat(complete("%2e%2e/")).isEmpty();
        assertThat(complete("linked/")).isEmpty();
        assertThat(complete("/")).isEmpty();
        assertThat(complete(outside + "/")).isEmpty();
        assertThat(files.completer().complete("other", "notes/", new ServiceCall(Map.of(), Principal.ANONYMOUS, null)))
                .isEmpty();
    }

    @Test
    void shouldCompleteEveryMatchSortedForTheRuntimeToCut() throws Exception {
        // given: more matches than the 100 the runtime sends
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 150).forEach(i -> {
            String name = "many/f" + String.format("%03d", 149 - i) + ".txt";
            write(root.resolve(name), "x");
        });
        IntStream.range(0, 150).forEach(i -> expected.add("many/f" + String.format("%03d", i) + ".txt"));

        // when
        List<String> values = complete("many/f");

        // then
        assertThat(values).isEqualTo(expected);
    }
}
