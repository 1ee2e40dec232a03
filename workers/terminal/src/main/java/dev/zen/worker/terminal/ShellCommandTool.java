package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TerminalFields.CWD;
import static dev.zen.worker.terminal.TerminalFields.ENV;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;

/**
 * {@code shell_command}: a script for {@code /bin/sh} inside the sandbox. It can run any program the
 * sandbox shows, so the executable list does not apply: it exists only when the operator set
 * {@code TERMINAL_SHELL=on}, and is not listed otherwise. The sandbox, the rlimits, the timeout and the
 * output caps apply as to {@code terminal_exec}; the script is recorded in the audit as what ran.
 */
final class ShellCommandTool implements ToolHandler {

    static final String NAME = "shell_command";

    private final Commands commands;
    private final CommandRunner runner;
    private final Field<String> script = Field.string("script", "The script, run as /bin/sh -c script (POSIX sh; pipes, redirection "
            + "and several lines allowed)").required().minLength(1).maxLength(Commands.MAX_SCRIPT_CHARS);
    private final Field<String> stdin = Field.string("stdin", "Text given to the script's standard input (then closed)")
            .maxLength(TerminalExecTool.MAX_STDIN_CHARS).content();
    private final Field<Integer> timeoutMs;
    private final Field<Integer> maxOutput;
    private final ObjectShape input;

    private ShellCommandTool(Commands commands, CommandRunner runner, TerminalSettings settings) {
        this.commands = commands;
        this.runner = runner;
        this.timeoutMs = TerminalExecTool.timeoutField(settings);
        this.maxOutput = TerminalExecTool.maxOutputField(settings);
        this.input = ObjectShape.of(script, CWD, ENV, stdin, timeoutMs, maxOutput);
    }

    static ToolDefinition definition(Commands commands, CommandRunner runner, TerminalSettings settings) {
        ShellCommandTool tool = new ShellCommandTool(commands, runner, settings);
        ToolDefinition.Builder builder = ToolDefinition.named(NAME).title("Run a shell script")
                .description("Runs a /bin/sh script in the workspace, " + (settings.sandbox() ? "inside the sandbox (read-only system, "
                        + "private /tmp, " + (settings.network() ? "host network" : "no network") + ", rlimits)"
                        : "ON THE HOST WITHOUT A SANDBOX (the operator turned it off)")
                        + ", and returns exitCode, stdout, stderr, durationMs and timedOut like terminal_exec. Prefer terminal_exec "
                        + "for a single command.")
                .input(tool.input).output(TerminalExecTool.OUTPUT).writes(true, false);
        if (settings.network()) {
            builder.openWorld();
        }
        return builder.handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) throws InterruptedException {
        Arguments args = input.bind(call);
        Launch launch = commands.shell(args.get(script), args.get(CWD), args.get(ENV));
        CommandRunner.Result result = runner.run(launch, args.get(stdin), args.get(timeoutMs), args.get(maxOutput), call);
        TerminalExecTool.recordFacts(call, launch, result);
        return TerminalExecTool.answer(launch, result);
    }
}
