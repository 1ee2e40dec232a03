package dev.zen.worker.terminal;

import dev.zen.worker.runtime.tool.Field;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The argument and output fields the terminal tools share, declared once. */
final class TerminalFields {

    private TerminalFields() {
    }

    static final Field<List<String>> COMMAND = Field.strings("command", "The executable and its arguments as an argv array (never a "
            + "shell string): command[0] is a name on TERMINAL_ALLOWED_COMMANDS (or its resolved absolute path); no NUL or line "
            + "break in any item", 1, Commands.MAX_ARGUMENTS, Field.string("argument", "One argument").maxLength(Commands.MAX_ARGV_BYTES))
            .required();
    static final Field<String> CWD = Field.string("cwd", "Working directory relative to the workspace (TERMINAL_WORKDIR; '.' is the "
            + "workspace itself, seen as /workspace inside the sandbox)").defaultsTo(".").maxLength(4096);
    static final Field<tools.jackson.databind.JsonNode> ENV = Field.json("env", "Environment variables to add, name to value; only "
            + "names on TERMINAL_ENV_ALLOWLIST. Commands otherwise get a fresh minimal environment (PATH, HOME=/tmp, TMPDIR, LANG)",
            envSchema()).sensitive();

    static final Field<Long> EXIT_CODE = Field.count("exitCode", "The command's exit status; absent when it was killed (timedOut)");
    static final Field<String> STDOUT = Field.string("stdout", "Standard output (UTF-8; when over max_output_bytes, its head and its "
            + "tail with a marker between)").required();
    static final Field<String> STDERR = Field.string("stderr", "Standard error, capped like stdout").required();
    static final Field<Long> STDOUT_BYTES = Field.count("stdoutBytes", "Bytes the command wrote to stdout in all").required();
    static final Field<Long> STDERR_BYTES = Field.count("stderrBytes", "Bytes the command wrote to stderr in all").required();
    static final Field<Long> DURATION_MS = Field.count("durationMs", "Wall-clock milliseconds from start to end").required();
    static final Field<Boolean> TIMED_OUT = Field.bool("timedOut", "Whether it was killed (with every process it made) because its "
            + "timeout or the call's deadline passed, or the client cancelled").required();
    static final Field<Boolean> TRUNCATED = Field.bool("truncated", "Whether stdout or stderr was over max_output_bytes, so its middle "
            + "was left out").required();
    static final Field<List<String>> ARGV = Field.strings("argv", "What ran, as given", 1, Commands.MAX_ARGUMENTS).required();
    static final Field<String> CWD_OUT = Field.string("cwd", "The working directory, relative to the workspace ('.' for the root)")
            .required();

    private static ObjectNode envSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("additionalProperties").put("type", "string").put("maxLength", Commands.MAX_ENV_VALUE_CHARS);
        schema.put("maxProperties", Commands.MAX_ENV);
        schema.putObject("propertyNames").put("pattern", "^[A-Za-z_][A-Za-z0-9_]{0,127}$");
        return schema;
    }

    /** The relative directory as answers show it. */
    static String shownCwd(Workspace.Directory directory) {
        return directory.relative().isEmpty() ? "." : directory.relative();
    }
}
