package dev.zen.worker.filesystem;

import dev.zen.worker.testkit.SettingsDocumentation;
import org.junit.jupiter.api.Test;

class FilesystemSettingsDocumentedTest {

    @Test
    void shouldListEveryFilesystemSettingWithItsDefaultInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), FilesystemSettings.ALL);
    }
}
