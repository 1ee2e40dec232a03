package dev.zen.worker.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InterruptibleTextTest {

    @Test
    void shouldStopARunawayRegexWhenTheThreadIsInterrupted() {
        // given: a match that reads many characters, on a thread whose call passed its deadline
        Pattern slow = Pattern.compile("z");
        InterruptibleText text = new InterruptibleText("a".repeat(100_000));
        Thread.currentThread().interrupt();

        // when / then
        try {
            assertThatThrownBy(() -> slow.matcher(text).find())
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("deadline");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldMatchLikeTheTextItWraps() {
        // when / then
        assertThat(Pattern.compile("b+c").matcher(new InterruptibleText("abbbc")).find()).isTrue();
        assertThat(new InterruptibleText("abc").subSequence(1, 3).toString()).isEqualTo("bc");
    }
}
