package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks what a caller asks to run and turns it into a {@link Launch}, or refuses it with a message
 * that names the argument, before anything starts: the argv (no NUL or line break, bounded), the
 * executable ({@link AllowedCommands}), the per-command rules ({@link CommandPolicy}), the working
 * directory ({@link Workspace}) and the environment ({@code TERMINAL_ENV_ALLOWLIST}). Thread-safe.
 */
final class Commands {

    static final int MAX_ARGUMENTS = 256;
    static final int MAX_ARGV_BYTES = 128 * 1024;
    static final int MAX_SCRIPT_CHARS = 64 * 1024;
    static final int MAX_ENV = 32;
    static final int MAX_ENV_VALUE_CHARS = 4096;
    private static final java.util.regex.Pattern LOCALE_NAME = java.util.regex.Pattern.compile("LANG|LANGUAGE|LC_[A-Z]+");
    private static final java.util.regex.Pattern LOCALE_VALUE = java.util.regex.Pattern.compile("[A-Za-z0-9_.@:-]{1,64}");
    private static final java.util.regex.Pattern TZ_VALUE = java.util.regex.Pattern.compile(
            "(?!.*\\.\\.)[A-Za-z0-9_+-]{1,32}(/[A-Za-z0-9_+-]{1,32}){0,2}");

    private final AllowedCommands allowed;
    private final CommandPolicy policy;
    private final Workspace workspace;
    private final Set<String> envAllowlist;
    private final AllowedCommands.Executable shell;

    Commands(AllowedCommands allowed, CommandPolicy policy, Workspace workspace, Set<String> envAllowlist) {
        this.allowed = allowed;
        this.policy = policy;
        this.workspace = workspace;
        this.envAllowlist = Set.copyOf(envAllowlist);
        this.shell = shellExecutable();
    }

    private static AllowedCommands.Executable shellExecutable() {
        try {
            return new AllowedCommands.Executable("sh", Path.of("/bin/sh").toRealPath());
        } catch (IOException e) {
            return null;
        }
    }

    AllowedCommands allowed() {
        return allowed;
    }

    CommandPolicy policy() {
        return policy;
    }

    Workspace workspace() {
        return workspace;
    }

    /** {@code command} (an argv) in {@code cwd} with {@code env}: checked. */
    Launch exec(List<String> command, String cwd, JsonNode env) {
        checkArgv(command);
        AllowedCommands.Executable executable = allowed.resolve(command.getFirst(), workspace.root());
        List<String> arguments = policy.apply(executable.name(), command.subList(1, command.size()));
        return new Launch(executable.name(), executable.path(), arguments, workspace.directory(cwd), environment(env), command);
    }

    /** A {@code /bin/sh -c script} launch, for {@code shell_command}. */
    Launch shell(String script, String cwd, JsonNode env) {
        if (shell == null) {
            throw new ToolFailure("Expected /bin/sh on this machine, but it is missing; nothing ran");
        }
        if (script.indexOf('\0') >= 0) {
            throw new ToolFailure("Expected 'script' without NUL characters, but it has one; nothing ran");
        }
        return new Launch("sh", shell.path(), List.of("-c", script), workspace.directory(cwd), environment(env),
                List.of("/bin/sh", "-c", script));
    }

    private static void checkArgv(List<String> command) {
        if (command.isEmpty()) {
            throw new ToolFailure("Expected 'command' to hold the executable and its arguments, but it is empty; nothing ran");
        }
        if (command.size() > MAX_ARGUMENTS) {
            throw new ToolFailure("Expected 'command' to hold at most " + MAX_ARGUMENTS + " items, but it holds " + command.size()
                    + "; nothing ran");
        }
        long bytes = 0;
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (argument.indexOf('\0') >= 0) {
                throw new ToolFailure("Expected arguments without NUL characters, but command[" + i + "] has one; nothing ran");
            }
            if (argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0) {
                throw new ToolFailure("Expected arguments without line breaks, but command[" + i + "] has one; nothing ran");
            }
            bytes += argument.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (bytes > MAX_ARGV_BYTES) {
            throw new ToolFailure("Expected 'command' to take at most " + MAX_ARGV_BYTES + " bytes, but it takes " + bytes
                    + "; nothing ran");
        }
        if (command.getFirst().isEmpty()) {
            throw new ToolFailure("Expected command[0] to name an executable, but it is empty; nothing ran");
        }
    }

    /** The caller's additions to the environment, each name on the allow-list. */
    Map<String, String> environment(JsonNode env) {
        if (env == null || env.isNull()) {
            return Map.of();
        }
        if (!env.isObject()) {
            throw new ToolFailure("Expected 'env' to be an object of names to string values, but it is " + env.getNodeType()
                    .toString().toLowerCase(Locale.ROOT) + "; nothing ran");
        }
        if (env.size() > MAX_ENV) {
            throw new ToolFailure("Expected 'env' to set at most " + MAX_ENV + " names, but it sets " + env.size() + "; nothing ran");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : env.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (!envAllowlist.contains(name)) {
                throw new ToolFailure("Expected 'env' names on TERMINAL_ENV_ALLOWLIST (" + String.join(", ", new java.util.TreeSet<>(envAllowlist))
                        + "), but env." + Shown.clip(name) + " is not" + (TerminalSettings.FORBIDDEN_ENV.matcher(name.toUpperCase(Locale.ROOT))
                                .matches() ? " (it changes what a command loads or runs, so it can never be allowed)" : "") + "; nothing ran");
            }
            if (value == null || !value.isString()) {
                throw new ToolFailure("Expected env." + name + " to be a string, but it is not; nothing ran");
            }
            String text = value.asString();
            if (LOCALE_NAME.matcher(name).matches() && !LOCALE_VALUE.matcher(text).matches()
                    || name.equals("TZ") && !TZ_VALUE.matcher(text).matches()) {
                throw new ToolFailure("Expected env." + name + " to name a " + (name.equals("TZ") ? "time zone (like Europe/Paris or UTC)"
                        : "locale (like C.UTF-8 or en_US.UTF-8)") + ", but '" + Shown.clip(text) + "' is not one (a path would make the "
                        + "C library load files of the caller's choosing); nothing ran");
            }
            if (text.indexOf('\0') >= 0 || text.length() > MAX_ENV_VALUE_CHARS) {
                throw new ToolFailure("Expected env." + name + " to be at most " + MAX_ENV_VALUE_CHARS + " characters without NUL, but it "
                        + "is not; nothing ran");
            }
            values.put(name, text);
        }
        return values;
    }

    /** What an answer shows of a launch's argv. */
    static List<String> shown(Launch launch) {
        return new ArrayList<>(launch.shown());
    }
}
