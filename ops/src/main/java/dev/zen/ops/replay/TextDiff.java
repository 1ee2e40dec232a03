package dev.zen.ops.replay;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** A unified diff (three lines of context) of the recorded answer and today's, by java-diff-utils. Stateless. */
final class TextDiff {

    private TextDiff() {
    }

    static List<String> lines(String recorded, String today) {
        List<String> before = Arrays.asList(recorded.split("\n", -1));
        List<String> after = Arrays.asList(today.split("\n", -1));
        return UnifiedDiffUtils.generateUnifiedDiff("recorded", "today", before, DiffUtils.diff(before, after), 3);
    }
}
