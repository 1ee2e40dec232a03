package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TerminalFields.ARGV;
import static dev.zen.worker.terminal.TerminalFields.COMMAND;
import static dev.zen.worker.terminal.TerminalFields.CWD;
import static dev.zen.worker.terminal.TerminalFields.CWD_OUT;
import static dev.zen.worker.terminal.TerminalFields.DURATION_MS;
import static dev.zen.worker.terminal.TerminalFields.ENV;
import static dev.zen.worker.terminal.TerminalFields.EXIT_CODE;
import static dev.zen.worker.terminal.TerminalFields.STDERR;
import static dev.zen.worker.terminal.TerminalFields.STDERR_BYTES;
import static dev.zen.worker.terminal.TerminalFields.STDOUT;
import static dev.zen.worker.terminal.TerminalFields.STDOUT_BYTES;
import static dev.zen.worker.terminal.TerminalFields.TIMED_OUT;
import static dev.zen.worker.terminal.TerminalFields.TRUNCATED;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;

/**
 * {@code terminal_exec}: one allow-listed executable with an argv, in the sandbox, to its end or its
 * timeout. Answers its exit code, the capped stdout and stderr, how long it took and whether it was
 * killed. A command that exits non-zero is an answer, not a tool error; one that had to be killed is
 * a tool error (the model must notice), with what it wrote until then.
 */
final class TerminalExecTool implements ToolHandler {

    static final String NAME = "terminal_exec";
    static final int DEFAULT_MAX_OUTPUT = 64 * 1024;
    static final int MAX_STDIN_CHARS = 256 * 1024;

    private final Commands commands;
    private final CommandRunner runner;
    private final TerminalSettings settings;
    private final Field<Integer> timeoutMs;
    private final Field<Integer> maxOutput;
    private final Field<String> stdin = Field.string("stdin", "Text given to the command's standard input (then closed); default: "
            + "none").maxLength(MAX_STDIN_CHARS).content();
    private final ObjectShape input;

    static final ObjectShape OUTPUT = ObjectShape.of(EXIT_CODE, STDOUT, STDERR, STDOUT_BYTES, STDERR_BYTES, DURATION_MS, TIMED_OUT,
            TRUNCATED, ARGV, CWD_OUT);

    TerminalExecTool(Commands commands, CommandRunner runner, TerminalSettings settings) {
        this.commands = commands;
        this.runner = runner;
        this.settings = settings;
        this.timeoutMs = timeoutField(settings);
        this.maxOutput = maxOutputField(settings);
        this.input = ObjectShape.of(COMMAND, CWD, ENV, stdin, timeoutMs, maxOutput);
    }

    static Field<Integer> timeoutField(TerminalSettings settings) {
        int cap = (int) settings.maxTimeout().toMillis();
        return Field.integer("timeout_ms", "Milliseconds before the command is killed with every process it made; default "
                + settings.defaultTimeout().toMillis() + ", at most " + cap + " (TERMINAL_MAX_TIMEOUT; use process_start for longer "
                + "work). A call's own deadline also ends it", 1, cap).defaultsTo((int) settings.defaultTimeout().toMillis());
    }

    static Field<Integer> maxOutputField(TerminalSettings settings) {
        int cap = settings.maxOutputBytes();
        return Field.integer("max_output_bytes", "Most bytes kept of stdout and of stderr each: over it, the head and the tail are "
                + "kept (errors are at the end) and truncated says so; at most " + cap + " (TERMINAL_MAX_OUTPUT)", 1, cap)
                .defaultsTo(Math.min(DEFAULT_MAX_OUTPUT, cap));
    }

    static ToolDefinition definition(Commands commands, CommandRunner runner, TerminalSettings settings) {
        TerminalExecTool tool = new TerminalExecTool(commands, runner, settings);
        ToolDefinition.Builder builder = ToolDefinition.named(NAME).title("Run a command")
                .description("Runs one executable with arguments (an argv array, never a shell string) in the workspace, "
                        + (settings.sandbox() ? "inside a sandbox (read-only system, private /tmp, " + (settings.network() ? "host network"
                                : "no network") + ", rlimits)" : "ON THE HOST WITHOUT A SANDBOX (the operator turned it off)")
                        + ", and returns exitCode, stdout, stderr, durationMs and timedOut. command[0] must be on "
                        + "TERMINAL_ALLOWED_COMMANDS: " + String.join(", ", commands.allowed().all().stream()
                                .map(AllowedCommands.Executable::name).toList())
                        + ". Per-command rules apply (git: read-only subcommands; find: no -exec). Output over max_output_bytes keeps "
                        + "its head and tail with truncated: true. For work longer than timeout_ms allows, use process_start.")
                .input(tool.input).output(OUTPUT).writes(true, false);
        if (settings.network()) {
            builder.openWorld();
        }
        return builder.handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) throws InterruptedException {
        Arguments args = input.bind(call);
        Launch launch = commands.exec(args.get(COMMAND), args.get(CWD), args.get(ENV));
        CommandRunner.Result result = runner.run(launch, args.get(stdin), args.get(timeoutMs), args.get(maxOutput), call);
        recordFacts(call, launch, result);
        return answer(launch, result);
    }

    /**
     * What the audit keeps of a run beside its arguments (the argv as given): the executable that ran, the
     * working directory it ran in, the exit code, how long it took, whether it was killed and how much it
     * wrote; never its output.
     */
    static void recordFacts(ToolCall call, Launch launch, CommandRunner.Result result) {
        call.facts().put("executable", launch.executable().toString()).put("cwd", TerminalFields.shownCwd(launch.cwd()))
                .put("durationMs", result.durationMs())
                .put("timedOut", result.timedOut()).put("outputBytes", result.stdoutBytes() + result.stderrBytes());
        if (result.exitCode() != null) {
            call.facts().put("exitCode", result.exitCode());
        }
    }

    /** The structured answer of a finished run, shared with {@code shell_command}. */
    static CallToolResult answer(Launch launch, CommandRunner.Result result) {
        ObjectShape.Builder out = OUTPUT.builder()
                .put(STDOUT, result.stdout()).put(STDERR, result.stderr())
                .put(STDOUT_BYTES, result.stdoutBytes()).put(STDERR_BYTES, result.stderrBytes())
                .put(DURATION_MS, result.durationMs()).put(TIMED_OUT, result.timedOut()).put(TRUNCATED, result.truncated())
                .put(ARGV, launch.shown()).put(CWD_OUT, TerminalFields.shownCwd(launch.cwd()));
        if (result.exitCode() != null) {
            out.put(EXIT_CODE, (long) result.exitCode());
        }
        CallToolResult answer = out.result(text(launch, result));
        return result.timedOut() ? new CallToolResult(answer.content(), answer.structuredContent(), true) : answer;
    }

    private static String text(Launch launch, CommandRunner.Result result) {
        StringBuilder text = new StringBuilder();
        if (result.timedOut()) {
            text.append("killed after ").append(result.durationMs()).append(" ms (").append(result.stoppedBecause())
                    .append("), with every process it made\n");
        } else {
            text.append("exit ").append(result.exitCode()).append(" in ").append(result.durationMs()).append(" ms\n");
        }
        if (!result.stdout().isEmpty()) {
            text.append("--- stdout").append(result.truncated() ? " (" + result.stdoutBytes() + " bytes in all)" : "")
                    .append(" ---\n").append(result.stdout());
            if (!result.stdout().endsWith("\n")) {
                text.append('\n');
            }
        }
        if (!result.stderr().isEmpty()) {
            text.append("--- stderr").append(result.truncated() ? " (" + result.stderrBytes() + " bytes in all)" : "")
                    .append(" ---\n").append(result.stderr());
            if (!result.stderr().endsWith("\n")) {
                text.append('\n');
            }
        }
        return text.toString();
    }
}
