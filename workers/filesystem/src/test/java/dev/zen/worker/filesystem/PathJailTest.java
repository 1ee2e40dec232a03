package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.snapshot;
import static dev.zen.worker.filesystem.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathJailTest {

    @TempDir
    Path temp;

    Path root;
    Path outside;
    PathJail jail;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        write(outside.resolve("secret.txt"), "secret");
        jail = new PathJail(ToolTestSupport.settings(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "a/../../outside", "..", "./../root/../outside", "a/b/../../.."})
    void shouldRefuseDotDotEscapingTheRoot(String path) {
        // when / then
        assertThatThrownBy(() -> jail.resolve(path))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining(path)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldAllowDotDotThatStaysInsideTheRoot() {
        // when
        JailedPath resolved = jail.resolve("a/../b.txt");

        // then
        assertThat(resolved.path()).isEqualTo(root.resolve("b.txt"));
        assertThat(resolved.relative()).isEqualTo("b.txt");
    }

    @Test
    void shouldRefuseAnAbsolutePathOutsideTheRoot() {
        // given
        String path = outside.resolve("secret.txt").toString();

        // when / then
        assertThatThrownBy(() -> jail.resolve(path))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining(path)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseAnAbsolutePathThatOnlySharesTheRootsPrefix() throws Exception {
        // given: /…/root-sibling starts with the string "/…/root" but is not under it
        Path sibling = Files.createDirectories(temp.resolve("root-sibling"));

        // when / then
        assertThatThrownBy(() -> jail.resolve(sibling.resolve("x.txt").toString()))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldAcceptAnAbsolutePathInsideTheRoot() {
        // given
        Path file = write(root.resolve("docs/readme.md"), "hello");

        // when
        JailedPath resolved = jail.resolve(file.toString());

        // then
        assertThat(resolved.path()).isEqualTo(file);
        assertThat(resolved.relative()).isEqualTo("docs/readme.md");
    }

    @Test
    void shouldAcceptARelativePath() {
        // given
        Path file = write(root.resolve("docs/readme.md"), "hello");

        // when
        JailedPath resolved = jail.resolve("docs/readme.md");

        // then
        assertThat(resolved.path()).isEqualTo(file);
        assertThat(resolved.entry()).isEqualTo(file);
    }

    @Test
    void shouldAcceptANonExistingFileUnderTheRoot() {
        // when
        JailedPath resolved = jail.resolve("new/dir/file.txt");

        // then
        assertThat(resolved.path()).isEqualTo(root.resolve("new/dir/file.txt"));
        assertThat(root.resolve("new")).doesNotExist();
    }

    @Test
    void shouldResolveDotToTheRoot() {
        // when
        JailedPath resolved = jail.resolve(".");

        // then
        assertThat(resolved.path()).isEqualTo(root);
        assertThat(resolved.relative()).isEqualTo(".");
    }

    @Test
    void shouldRefuseAFileSymlinkPointingOutside() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));

        // when / then
        assertThatThrownBy(() -> jail.resolve("link.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'link.txt' is outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseADirectorySymlinkPointingOutside() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("linked"), outside);

        // when / then
        assertThatThrownBy(() -> jail.resolve("linked")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
        assertThatThrownBy(() -> jail.resolve("linked/secret.txt")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
        assertThatThrownBy(() -> jail.resolve("linked/new/file.txt")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseASymlinkInTheMiddleOfAPath() throws Exception {
        // given
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/escape"), outside);

        // when / then
        assertThatThrownBy(() -> jail.resolve("a/b/escape/deeper/new.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseADanglingSymlinkPointingOutside() throws Exception {
        // given: a write through the link would create outside/new.txt
        Files.createSymbolicLink(root.resolve("dangling.txt"), outside.resolve("new.txt"));

        // when / then
        assertThatThrownBy(() -> jail.resolve("dangling.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldRefuseARelativeSymlinkClimbingOutOfTheRoot() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));

        // when / then
        assertThatThrownBy(() -> jail.resolve("up/secret.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("outside FILESYSTEM_ROOT");
    }

    @Test
    void shouldAcceptASymlinkPointingInsideTheRoot() throws Exception {
        // given
        Path target = write(root.resolve("real/file.txt"), "x");
        Path link = Files.createSymbolicLink(root.resolve("alias.txt"), target);

        // when
        JailedPath resolved = jail.resolve("alias.txt");

        // then
        assertThat(resolved.path()).isEqualTo(target);
        assertThat(resolved.entry()).isEqualTo(link);
        assertThat(resolved.relative()).isEqualTo("alias.txt");
    }

    @Test
    void shouldRefuseASymlinkLoop() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("loop1"), root.resolve("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), root.resolve("loop1"));

        // when / then
        assertThatThrownBy(() -> jail.resolve("loop1/file.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("loop1/file.txt");
    }

    @Test
    void shouldRefuseANulByte() {
        // when / then
        assertThatThrownBy(() -> jail.resolve("file\0.txt"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("NUL")
                .hasMessageContaining("file\\0.txt");
    }

    @Test
    void shouldRefuseAVeryLongPath() {
        // given
        String path = "a".repeat(5000);

        // when / then
        assertThatThrownBy(() -> jail.resolve(path))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("at most 4096 characters")
                .hasMessageContaining("5000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldRefuseABlankPath(String path) {
        // when / then
        assertThatThrownBy(() -> jail.resolve(path))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("blank");
    }

    @Test
    void shouldRefuseADisallowedExtensionNamingIt() {
        // when / then
        assertThatThrownBy(() -> jail.requireAllowedExtension(root.resolve("tool.exe")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'.exe'")
                .hasMessageContaining("FILESYSTEM_ALLOWED_EXTENSIONS")
                .hasMessageContaining("tool.exe");
    }

    @Test
    void shouldRefuseAFileWithoutExtensionUnlessAnyIsAllowed() {
        // given
        PathJail anyJail = new PathJail(ToolTestSupport.anyExtension(root));

        // when / then
        assertThatThrownBy(() -> jail.requireAllowedExtension(root.resolve("Makefile")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("no extension");
        anyJail.requireAllowedExtension(root.resolve("Makefile"));
        anyJail.requireAllowedExtension(root.resolve("tool.exe"));
    }

    @Test
    void shouldMatchExtensionsCaseInsensitively() {
        // when / then: no exception
        jail.requireAllowedExtension(root.resolve("README.MD"));
        assertThat(jail.allowsExtension(root.resolve("notes.Txt"))).isTrue();
    }

    @Test
    void shouldRefuseASizeAboveTheLimitNamingTheVariable() {
        // given
        PathJail small = new PathJail(ToolTestSupport.settings(root, 1024));

        // when / then
        small.requireWithinSizeLimit(root.resolve("ok.txt"), 1024);
        assertThatThrownBy(() -> small.requireWithinSizeLimit(root.resolve("big.txt"), 2048))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("FILESYSTEM_MAX_FILE_SIZE")
                .hasMessageContaining("2 KB (2048 bytes)")
                .hasMessageContaining("big.txt");
    }

    @Test
    void shouldLeaveTheFilesystemUntouchedWhenRefusingAWrite() throws Exception {
        // given
        Files.createSymbolicLink(root.resolve("linked"), outside);
        ToolDefinition fileWrite = FileWriteTool.definition(jail, new PathLocks());
        List<String> before = snapshot(temp);

        // when
        for (String path : List.of("../outside/new/deep.txt", "linked/new/deep.txt", outside + "/x/y.txt",
                "../escape.txt", "bad\0name.txt")) {
            assertThatThrownBy(() -> ToolTestSupport.run(fileWrite, "path", path, "content", "pwned"))
                    .isInstanceOf(ToolFailure.class);
        }

        // then
        assertThat(snapshot(temp)).isEqualTo(before);
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }
}
