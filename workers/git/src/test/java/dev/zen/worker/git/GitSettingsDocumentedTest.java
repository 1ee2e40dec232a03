package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.worker.runtime.settings.SettingsHelp;
import dev.zen.worker.testkit.SettingsDocumentation;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class GitSettingsDocumentedTest {

    @Test
    void shouldListEveryGitSettingWithItsDefaultInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), GitSettings.ALL);
    }

    @Test
    void shouldShowTheRowsThatSettingsMarkdownPrints() throws Exception {
        assertThat(Files.readString(SettingsDocumentation.projectReadme())).contains(SettingsHelp.markdown(GitSettings.ALL));
    }
}
