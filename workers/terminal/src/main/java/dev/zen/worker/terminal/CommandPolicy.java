package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The per-command rules of the terminal service, from {@code TERMINAL_POLICY_FILE} or the built-in
 * {@code default-policy.yaml}: which subcommands a command may be given, which arguments are refused,
 * and which arguments are always put first. A rule narrows what a caller may ask for; it is not the
 * boundary (the sandbox is). Immutable and thread-safe.
 */
final class CommandPolicy {

    static final String BUILT_IN = "default-policy.yaml";
    private static final Set<String> RULE_KEYS = Set.of("subcommands", "deny_arguments", "prefix_arguments",
            "first_argument_is_options");
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    /**
     * One command's rule. Empty lists mean no restriction of that kind. {@code firstArgumentIsOptions}:
     * the command reads a first argument without a dash as bundled short options (tar's old style).
     */
    record Rule(List<String> subcommands, List<String> denyArguments, List<String> prefixArguments, boolean firstArgumentIsOptions) {

        Rule {
            subcommands = List.copyOf(subcommands);
            denyArguments = List.copyOf(denyArguments);
            prefixArguments = List.copyOf(prefixArguments);
        }
    }

    /**
     * Whether {@code argument} is the option {@code denied} names, in any spelling the command's option
     * parser (GNU getopt) accepts:
     * <ul>
     *   <li>a long option ({@code --to-command}, {@code --output*}): itself, with {@code =value}, or any
     *       abbreviation of it ({@code --to-comm=…}); with {@code *}, also any longer name it begins;</li>
     *   <li>a one-letter option ({@code -I}, {@code -O*}): anywhere in a bundle of short options
     *       ({@code -cvIcmd}, {@code -lOsh});</li>
     *   <li>a word option of find's kind ({@code -exec}): exactly, or as a prefix with {@code *}.</li>
     * </ul>
     * It errs on the side of refusing: a bundle that merely contains the letter is refused too.
     */
    static boolean matches(String argument, String denied) {
        boolean star = denied.endsWith("*");
        String name = star ? denied.substring(0, denied.length() - 1) : denied;
        if (name.startsWith("--") && name.length() > 2) {
            if (!argument.startsWith("--") || argument.length() < 3) {
                return false;
            }
            int equals = argument.indexOf('=');
            String given = equals < 0 ? argument : argument.substring(0, equals);
            return name.startsWith(given) || star && given.startsWith(name);
        }
        if (name.length() == 2 && name.charAt(0) == '-') {
            return argument.length() >= 2 && argument.charAt(0) == '-' && argument.charAt(1) != '-'
                    && argument.indexOf(name.charAt(1), 1) >= 0;
        }
        return star ? argument.startsWith(name) : argument.equals(name);
    }

    private final Map<String, Rule> rules;
    private final String source;

    CommandPolicy(Map<String, Rule> rules, String source) {
        this.rules = Map.copyOf(rules);
        this.source = source;
    }

    /** The built-in rules, or {@code file}'s when it is not null. */
    static CommandPolicy load(Path file) {
        if (file == null) {
            try (InputStream in = CommandPolicy.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("Expected the built-in " + BUILT_IN + " on the class path, but it is missing");
                }
                return parse(YAML.readTree(in), "built-in rules");
            } catch (IOException e) {
                throw new IllegalStateException("Expected to read the built-in " + BUILT_IN + ", but " + e.getMessage(), e);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Expected TERMINAL_POLICY_FILE " + file + " to be a readable file, but it is not");
        }
        try {
            return parse(YAML.readTree(Files.readString(file)), file.toString());
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("Expected TERMINAL_POLICY_FILE " + file + " to be YAML, but " + e.getMessage(), e);
        }
    }

    /** The rules of a policy document: {@code commands: {name: {subcommands, deny_arguments, prefix_arguments}}}. */
    static CommandPolicy parse(JsonNode document, String source) {
        if (document == null || document.isMissingNode() || document.isNull()) {
            return new CommandPolicy(Map.of(), source);
        }
        if (!document.isObject() || document.size() != 1 || !document.has("commands") || !document.get("commands").isObject()) {
            throw new IllegalArgumentException("Expected the terminal policy (" + source + ") to be a map with one key, 'commands', "
                    + "holding a map of command name to rule, but it was not");
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> command : document.get("commands").properties()) {
            String name = command.getKey();
            JsonNode rule = command.getValue();
            if (rule == null || !rule.isObject()) {
                throw new IllegalArgumentException("Expected the rule of '" + name + "' in " + source + " to be a map, but it was not");
            }
            for (String key : rule.propertyNames()) {
                if (!RULE_KEYS.contains(key)) {
                    throw new IllegalArgumentException("Expected the rule of '" + name + "' in " + source + " to have only "
                            + RULE_KEYS + ", but it has '" + key + "'");
                }
            }
            JsonNode bundled = rule.get("first_argument_is_options");
            if (bundled != null && !bundled.isBoolean()) {
                throw new IllegalArgumentException("Expected 'first_argument_is_options' of '" + name + "' in " + source
                        + " to be true or false, but it is " + bundled);
            }
            rules.put(name, new Rule(strings(rule, "subcommands", name, source), strings(rule, "deny_arguments", name, source),
                    strings(rule, "prefix_arguments", name, source), bundled != null && bundled.booleanValue()));
        }
        return new CommandPolicy(rules, source);
    }

    private static List<String> strings(JsonNode rule, String key, String command, String source) {
        JsonNode value = rule.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("Expected '" + key + "' of '" + command + "' in " + source + " to be a list, but it was not");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().isEmpty() || item.asString().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Expected '" + key + "' of '" + command + "' in " + source
                        + " to hold non-empty strings, but it holds " + item);
            }
            items.add(item.asString());
        }
        return items;
    }

    /** Where the rules came from: a file's path or "built-in rules". */
    String source() {
        return source;
    }

    /** The commands that have a rule. */
    Set<String> commands() {
        return rules.keySet();
    }

    /**
     * The arguments to run {@code command} with: the rule's prefix, then {@code arguments}.
     *
     * @throws ToolFailure when the rule refuses a subcommand or an argument; the message names it
     */
    List<String> apply(String command, List<String> arguments) {
        Rule rule = rules.get(command);
        if (rule == null) {
            return arguments;
        }
        if (!rule.subcommands().isEmpty()) {
            String first = arguments.isEmpty() ? null : arguments.getFirst();
            if (first == null || !rule.subcommands().contains(first)) {
                throw new ToolFailure("Expected '" + command + "' to be given one of the subcommands " + rule.subcommands()
                        + " first (terminal policy, " + source + "), but " + (first == null ? "none was given" : "it was given '"
                                + Shown.clip(first) + "'") + "; nothing ran");
            }
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            // tar-style: a first argument without a dash is a cluster of short options ("cfI" is "-c -f -I")
            String asOption = i == 0 && rule.firstArgumentIsOptions() && !argument.startsWith("-") ? "-" + argument : argument;
            for (String denied : rule.denyArguments()) {
                if (matches(asOption, denied)) {
                    throw new ToolFailure("Expected arguments that the terminal policy (" + source + ") allows for '" + command
                            + "', but command[" + (i + 1) + "] '" + Shown.clip(argument) + "' is refused (" + denied + "); nothing ran");
                }
            }
        }
        if (rule.prefixArguments().isEmpty()) {
            return arguments;
        }
        List<String> all = new ArrayList<>(rule.prefixArguments());
        all.addAll(arguments);
        return all;
    }
}
