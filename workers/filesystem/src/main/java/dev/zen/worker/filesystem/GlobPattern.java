package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * A glob as models write them, matched on '/'-separated paths relative to a starting directory:
 * {@code *.md} (no slash) matches the name at any depth, as in .gitignore; {@code **}{@code /*.md}
 * also matches at the top level, where Java's glob would want one directory at least.
 */
final class GlobPattern {

    private final String pattern;
    private final PathMatcher matcher;
    private final PathMatcher topLevel;
    private final boolean nameOnly;

    private GlobPattern(String pattern, String argument) {
        this.pattern = pattern;
        try {
            this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            this.topLevel = pattern.startsWith("**/") && pattern.length() > 3
                    ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3))
                    : null;
        } catch (PatternSyntaxException e) {
            throw new ToolFailure("Expected '" + argument + "' to be a glob pattern such as **/*.md, but '" + pattern
                    + "' is not: " + e.getDescription());
        }
        this.nameOnly = !pattern.contains("/");
    }

    static GlobPattern compile(String pattern, String argument) {
        if (pattern.isEmpty()) {
            throw new ToolFailure("Expected '" + argument + "' to be a glob pattern such as **/*.md, but it was empty");
        }
        return new GlobPattern(pattern, argument);
    }

    /** The patterns of an optional argument: none when it was not given ({@code null}). */
    static List<GlobPattern> compileAll(List<String> patterns, String argument) {
        if (patterns == null) {
            return List.of();
        }
        return patterns.stream().map(pattern -> compile(pattern, argument)).toList();
    }

    /** Whether {@code relative} ('/'-separated, from the starting directory) matches. */
    boolean matches(String relative) {
        Path path = Path.of(relative);
        if (nameOnly) {
            Path name = path.getFileName();
            return name != null && matcher.matches(name);
        }
        return matcher.matches(path) || (topLevel != null && topLevel.matches(path));
    }

    static boolean anyMatches(List<GlobPattern> patterns, String relative) {
        for (GlobPattern pattern : patterns) {
            if (pattern.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
