package dev.zen.worker.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemSettingsTest {

    @TempDir
    Path workingDirectory;

    @Test
    void shouldUseTheSeedDefaultsWhenNoVariableIsSet() {
        // given
        Map<String, String> env = Map.of();

        // when
        FilesystemSettings settings = FilesystemSettings.fromEnv(env, workingDirectory);

        // then
        assertThat(settings.root()).isEqualTo(workingDirectory.toAbsolutePath().resolve("data/files"));
        assertThat(settings.root()).isDirectory();
        assertThat(settings.maxFileSize()).isEqualTo(100L * 1024 * 1024);
        assertThat(settings.allowedExtensions()).hasSize(19).contains(".txt", ".md", ".py", ".sql", ".properties");
    }

    @Test
    void shouldCreateAMissingAbsoluteRoot() {
        // given
        Path root = workingDirectory.resolve("deep/er/root");

        // when
        FilesystemSettings settings = FilesystemSettings.fromEnv(Map.of("FILESYSTEM_ROOT", root.toString()));

        // then
        assertThat(settings.root()).isEqualTo(root);
        assertThat(root).isDirectory();
    }

    @ParameterizedTest
    @CsvSource({"100MB,104857600", "512KB,524288", "1GB,1073741824", "2048,2048", "1 mb,1048576", "3MiB,3145728",
            "10B,10", "2k,2048"})
    void shouldParseSizesWithUnits(String value, long bytes) {
        // when
        FilesystemSettings settings = FilesystemSettings.fromEnv(
                Map.of("FILESYSTEM_MAX_FILE_SIZE", value, "FILESYSTEM_ROOT", workingDirectory.toString()));

        // then
        assertThat(settings.maxFileSize()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "10XB", "1.5MB", "99999999999999999999"})
    void shouldRefuseABadSizeNamingTheVariable(String value) {
        // given
        Map<String, String> env = Map.of("FILESYSTEM_MAX_FILE_SIZE", value, "FILESYSTEM_ROOT", workingDirectory.toString());

        // when / then
        assertThatThrownBy(() -> FilesystemSettings.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FILESYSTEM_MAX_FILE_SIZE");
    }

    @Test
    void shouldNormaliseExtensionsToLowerCaseWithADot() {
        // when
        FilesystemSettings settings = FilesystemSettings.fromEnv(
                Map.of("FILESYSTEM_ALLOWED_EXTENSIONS", " .TXT, md ,*.Py", "FILESYSTEM_ROOT", workingDirectory.toString()));

        // then
        assertThat(settings.allowedExtensions()).containsExactlyInAnyOrder(".txt", ".md", ".py");
        assertThat(settings.anyExtension()).isFalse();
    }

    @Test
    void shouldTreatAStarAsAnyExtension() {
        // when
        FilesystemSettings settings = FilesystemSettings.fromEnv(
                Map.of("FILESYSTEM_ALLOWED_EXTENSIONS", "*", "FILESYSTEM_ROOT", workingDirectory.toString()));

        // then
        assertThat(settings.allowedExtensions()).isEmpty();
        assertThat(settings.anyExtension()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {".t/xt", ".a b", ",", "."})
    void shouldRefuseBadExtensionsNamingTheVariable(String value) {
        // given
        Map<String, String> env =
                Map.of("FILESYSTEM_ALLOWED_EXTENSIONS", value, "FILESYSTEM_ROOT", workingDirectory.toString());

        // when / then
        assertThatThrownBy(() -> FilesystemSettings.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FILESYSTEM_ALLOWED_EXTENSIONS");
    }

    @Test
    void shouldRefuseARootThatIsAFile() throws Exception {
        // given
        Path file = Files.writeString(workingDirectory.resolve("file.txt"), "x");

        // when / then
        assertThatThrownBy(() -> FilesystemSettings.fromEnv(Map.of("FILESYSTEM_ROOT", file.toString())))
                .hasMessageContaining("FILESYSTEM_ROOT");
    }
}
