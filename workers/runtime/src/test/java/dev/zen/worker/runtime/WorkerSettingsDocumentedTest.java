package dev.zen.worker.runtime;

import dev.zen.worker.testkit.SettingsDocumentation;
import org.junit.jupiter.api.Test;

class WorkerSettingsDocumentedTest {

    @Test
    void shouldListEveryRuntimeSettingWithItsDefaultInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), WorkerSettings.ALL);
    }
}
