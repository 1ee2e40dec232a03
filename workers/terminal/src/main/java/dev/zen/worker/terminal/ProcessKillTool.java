package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.ProcessFields.PROCESS_ID;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;

/** {@code process_kill}: ends a background process with every process it made (SIGKILL); its output stays readable. */
final class ProcessKillTool implements ToolHandler {

    static final String NAME = "process_kill";
    static final ObjectShape INPUT = ObjectShape.of(PROCESS_ID);

    private final BackgroundProcesses processes;

    private ProcessKillTool(BackgroundProcesses processes) {
        this.processes = processes;
    }

    static ToolDefinition definition(BackgroundProcesses processes) {
        return ToolDefinition.named(NAME).title("Kill a background process")
                .description("Kills one of your background processes and every process it made. Its output stays readable with "
                        + "process_read until it expires. Killing an ended process changes nothing.")
                .input(INPUT).output(ProcessFields.PROCESS).writes(true, true)
                .handler(new ProcessKillTool(processes));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws InterruptedException {
        Arguments args = INPUT.bind(call);
        BackgroundProcess process = processes.get(call.principal(), args.get(PROCESS_ID));
        boolean wasRunning = process.running();
        process.kill("process_kill");
        process.awaitEnd(5_000);
        ProcessFields.facts(call, process);
        String text = (wasRunning ? "killed " : "already ended: ") + ProcessFields.line(process);
        return new CallToolResult(List.of(CallToolResult.textBlock(text)), ProcessFields.describe(process), null);
    }
}
