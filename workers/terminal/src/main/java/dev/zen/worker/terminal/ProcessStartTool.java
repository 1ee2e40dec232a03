package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TerminalFields.COMMAND;
import static dev.zen.worker.terminal.TerminalFields.CWD;
import static dev.zen.worker.terminal.TerminalFields.ENV;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.time.Duration;

/**
 * {@code process_start}: starts an allow-listed command in the sandbox and answers at once with its id;
 * the command runs on (up to its max runtime) while {@code process_read} follows its output. For work
 * longer than a client lets one call last (about a minute).
 */
final class ProcessStartTool implements ToolHandler {

    static final String NAME = "process_start";

    private final Commands commands;
    private final BackgroundProcesses processes;
    private final Field<Long> maxRuntime;
    private final ObjectShape input;
    private final TerminalSettings settings;

    private ProcessStartTool(Commands commands, BackgroundProcesses processes, TerminalSettings settings) {
        this.commands = commands;
        this.processes = processes;
        this.settings = settings;
        long cap = settings.processMaxRuntime().toMillis();
        this.maxRuntime = Field.count("max_runtime_ms", "Milliseconds after which the process is killed with every process it made; "
                + "default and at most " + cap + " (TERMINAL_PROCESS_MAX_RUNTIME)");
        this.input = ObjectShape.of(COMMAND, CWD, ENV, maxRuntime);
    }

    static ToolDefinition definition(Commands commands, BackgroundProcesses processes, TerminalSettings settings) {
        ProcessStartTool tool = new ProcessStartTool(commands, processes, settings);
        return ToolDefinition.named(NAME).title("Start a background process")
                .description("Starts an allow-listed command (an argv array, as terminal_exec) in the sandbox and returns its "
                        + "process_id at once; it runs on for up to max_runtime_ms. Follow its output with process_read, write to its "
                        + "stdin with process_input, end it with process_kill, see yours with process_list. At most "
                        + settings.maxProcessesPerPrincipal() + " of yours run at once; output stays readable "
                        + settings.processTtl().toSeconds() + " s after it ended.")
                .input(tool.input).output(ProcessFields.PROCESS).writes(true, false)
                .handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = input.bind(call);
        long cap = settings.processMaxRuntime().toMillis();
        Long asked = args.get(maxRuntime);
        if (asked != null && (asked < 1 || asked > cap)) {
            throw new dev.zen.worker.runtime.ToolFailure("Expected 'max_runtime_ms' between 1 and " + cap
                    + " (TERMINAL_PROCESS_MAX_RUNTIME), but it was " + asked + "; nothing started");
        }
        Launch launch = commands.exec(args.get(COMMAND), args.get(CWD), args.get(ENV));
        BackgroundProcess process = processes.start(call.principal(), launch, Duration.ofMillis(asked == null ? cap : asked));
        call.facts().put("executable", launch.executable().toString());
        ProcessFields.facts(call, process);
        return new CallToolResult(java.util.List.of(CallToolResult.textBlock("started " + ProcessFields.line(process))),
                ProcessFields.describe(process), null);
    }
}
