package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.settings.InvalidSettings;
import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.testkit.SettingsDocumentation;
import dev.zen.worker.testkit.WorkerArchitecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings: defaults, what is refused, documentation, and the module's shape. */
class MemorySettingsTest {

    @Test
    void shouldDefaultToTheEmbeddedIndexAndMiniLm() {
        MemorySettings settings = MemorySettings.from(Settings.of(Map.of(), MemorySettings.ALL));
        assertThat(settings.store()).isEqualTo(MemorySettings.Store.LUCENE);
        assertThat(settings.embedding()).isEqualTo(MemorySettings.Embedding.MINILM);
        assertThat(settings.maxContentBytes()).isEqualTo(32 * 1024);
        assertThat(settings.toString()).doesNotContain("null\"");
        assertThatThrownBy(() -> Settings.of(Map.of("MEMORY_STORE", "elastic"), MemorySettings.ALL)).isInstanceOf(InvalidSettings.class)
                .hasMessageContaining("MEMORY_STORE");
        assertThatThrownBy(() -> Settings.of(Map.of("MEMORY_COLLECTION", "Bad-Name"), MemorySettings.ALL))
                .isInstanceOf(InvalidSettings.class).hasMessageContaining("MEMORY_COLLECTION");
        assertThatThrownBy(() -> MemoryService.create(MemorySettings.from(Settings.of(Map.of("MEMORY_EMBEDDING", "http"),
                MemorySettings.ALL)))).hasMessageContaining("MEMORY_EMBEDDING_URL");
    }

    @Test
    void shouldDocumentEverySettingInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), MemorySettings.ALL);
    }

    @Test
    void shouldKeepHandlersFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.memory");
    }
}
