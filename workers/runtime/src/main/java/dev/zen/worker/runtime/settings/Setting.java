package dev.zen.worker.runtime.settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of a worker, declared once: its environment variable, what it means, its type (the
 * parser), its default (written as an operator would write it, and parsed like one) and its checks.
 * {@link SettingsReader} reads a set of them and reports every error at once; {@link SettingsHelp}
 * prints them for {@code --help} and the README tables.
 *
 * <p>Immutable: declare settings as constants. A {@link #secret()} setting's value is never printed.
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {

    private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private final String env;
    private final String description;
    private final Function<String, T> parser;
    private final String defaultText;
    private final boolean secret;
    private final Predicate<T> check;
    private final String checkMeaning;

    private Setting(String env, String description, Function<String, T> parser, String defaultText, boolean secret,
            Predicate<T> check, String checkMeaning) {
        if (env == null || !ENV.matcher(env).matches()) {
            throw new IllegalArgumentException("Expected an environment variable name of [A-Z][A-Z0-9_]*, but was '" + env + "'");
        }
        this.env = env;
        this.description = Objects.requireNonNull(description, "description");
        this.parser = parser;
        this.defaultText = defaultText;
        this.secret = secret;
        this.check = check;
        this.checkMeaning = checkMeaning;
    }

    /** A setting whose raw text {@code parser} turns into a value; the parser throws IllegalArgumentException with the reason. */
    public static <T> Setting<T> of(String env, String description, Function<String, T> parser) {
        return new Setting<>(env, description, parser, null, false, null, null);
    }

    public static Setting<String> string(String env, String description) {
        return of(env, description, Function.identity());
    }

    public static Setting<Integer> integer(String env, String description, int min, int max) {
        return of(env, description, text -> {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("to be an integer");
            }
        }).check(v -> v >= min && v <= max, "between " + min + " and " + max);
    }

    public static Setting<Boolean> bool(String env, String description) {
        return of(env, description, text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException("to be true or false");
        });
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public static Setting<Duration> duration(String env, String description) {
        return of(env, description, Setting::parseDuration);
    }

    /** A size in bytes: {@code 100MB}, {@code 512KB}, {@code 1GB} or a number of bytes; units are powers of 1024. */
    public static Setting<Long> size(String env, String description) {
        return of(env, description, Setting::parseSize).check(v -> v > 0, "positive");
    }

    /** A path; a relative one is resolved against the working directory. */
    public static Setting<Path> path(String env, String description) {
        return of(env, description, text -> {
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("to be a path, but it has a NUL byte");
            }
            try {
                return Path.of(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("to be a path (" + e.getReason() + ")");
            }
        });
    }

    /** A comma-separated list; blanks dropped, order kept. */
    public static Setting<Set<String>> list(String env, String description) {
        return of(env, description, text -> {
            Set<String> items = new LinkedHashSet<>();
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return Set.copyOf(items).isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(items);
        });
    }

    /** One of an enum's constants, written in lower case ({@code on}, {@code off}). */
    public static <E extends Enum<E>> Setting<E> choice(String env, String description, Class<E> type) {
        return of(env, description, text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text.strip().replace('-', '_'))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("to be one of " + choices(type));
        });
    }

    private static <E extends Enum<E>> String choices(Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            names.append(names.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return names.toString();
    }

    // ------------------------------------------------------------------ refinements

    /** The value when the variable is unset or blank, written as an operator would write it. */
    public Setting<T> defaultsTo(String text) {
        Objects.requireNonNull(text, "default");
        Setting<T> setting = new Setting<>(env, description, parser, text, secret, check, checkMeaning);
        if (!text.isEmpty()) {
            setting.parse(text); // a default that does not parse is a programming error
        }
        return setting;
    }

    /** A value that must not be shown: in help, logs or errors only whether it is set. */
    public Setting<T> secret() {
        return new Setting<>(env, description, parser, defaultText, true, check, checkMeaning);
    }

    /** A value that must also satisfy {@code test}; {@code meaning} says what it requires ("positive"). */
    public Setting<T> check(Predicate<T> test, String meaning) {
        Predicate<T> both = check == null ? test : check.and(test);
        String words = checkMeaning == null ? meaning : checkMeaning + " and " + meaning;
        return new Setting<>(env, description, parser, defaultText, secret, both, words);
    }

    // ------------------------------------------------------------------ use

    public String env() {
        return env;
    }

    public String description() {
        return description;
    }

    /** The default as written, or null when the setting has none (unset means null). */
    public String defaultText() {
        return defaultText;
    }

    public boolean isSecret() {
        return secret;
    }

    /** Parses and checks {@code text}; IllegalArgumentException "Expected ENV to be …, but was '…'". */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Expected ")) {
                throw e; // the parser said it whole
            }
            throw new IllegalArgumentException("Expected " + env + " " + expectation(e.getMessage()) + ", but was " + shown(text), e);
        }
        if (check != null && !check.test(value)) {
            throw new IllegalArgumentException("Expected " + env + " to be " + checkMeaning + ", but was " + shown(text));
        }
        return value;
    }

    private static String expectation(String reason) {
        return reason == null ? "to be valid" : reason.startsWith("to ") ? reason : "to be valid (" + reason + ")";
    }

    private String shown(String text) {
        return secret ? "a value that is not shown (secret)" : "'" + text + "'";
    }

    @Override
    public String toString() {
        return env;
    }

    static Duration parseDuration(String text) {
        String value = text.strip();
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("to be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
    }

    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("to be a size such as 100MB, 512KB, 1GB or a number of bytes");
        }
        char unit = m.group(2) == null ? 'B' : Character.toUpperCase(m.group(2).charAt(0));
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("to fit in 8 exabytes");
        }
    }
}
