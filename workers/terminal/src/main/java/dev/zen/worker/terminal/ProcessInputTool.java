package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.ProcessFields.PROCESS_ID;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;

/** {@code process_input}: writes text to a running background process's stdin, and may close it (end of input). */
final class ProcessInputTool implements ToolHandler {

    static final String NAME = "process_input";

    static final Field<String> INPUT_TEXT = Field.string("input", "Text to write (UTF-8); include the newline a line-reading program "
            + "waits for").defaultsTo("").maxLength(TerminalExecTool.MAX_STDIN_CHARS).content();
    static final Field<Boolean> CLOSE = Field.bool("close", "Close its stdin after writing (end of input)").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(PROCESS_ID, INPUT_TEXT, CLOSE);

    static final Field<Long> WRITTEN = Field.count("bytes_written", "Bytes written").required();
    static final Field<Boolean> STDIN_OPEN = Field.bool("stdin_open", "Whether its stdin is still open").required();
    static final Field<Boolean> PENDING = Field.bool("pending", "Whether part of the input is still being written because the process "
            + "is not reading its stdin (the next process_input is refused until it is done)").required();
    static final ObjectShape OUTPUT = ObjectShape.of(WRITTEN, STDIN_OPEN, PENDING);
    static final long MAX_WAIT_MS = 5_000;

    private final BackgroundProcesses processes;

    private ProcessInputTool(BackgroundProcesses processes) {
        this.processes = processes;
    }

    static ToolDefinition definition(BackgroundProcesses processes) {
        return ToolDefinition.named(NAME).title("Write to a background process")
                .description("Writes input to the stdin of one of your running background processes; close: true ends its input.")
                .input(INPUT).output(OUTPUT).writes(false, false)
                .handler(new ProcessInputTool(processes));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws InterruptedException {
        Arguments args = INPUT.bind(call);
        BackgroundProcess process = processes.get(call.principal(), args.get(PROCESS_ID));
        if (!process.running()) {
            throw new ToolFailure("Expected a running process, but " + process.id() + " has ended; nothing was written");
        }
        BackgroundProcess.Written written;
        try {
            written = process.write(args.get(INPUT_TEXT), args.get(CLOSE), Math.min(MAX_WAIT_MS,
                    call.remainingMillis() - CommandRunner.ANSWER_MARGIN_MS));
        } catch (IOException e) {
            throw new ToolFailure("Expected to write to the stdin of " + process.id() + ", but " + e.getMessage());
        }
        call.facts().put("processId", process.id()).put("bytesWritten", written.bytes());
        return OUTPUT.builder().put(WRITTEN, written.bytes()).put(STDIN_OPEN, process.stdinOpen()).put(PENDING, written.pending())
                .result("wrote " + written.bytes() + " bytes to " + process.id() + (written.pending() ? "; the rest is pending: the process "
                        + "is not reading its stdin" : "") + (process.stdinOpen() ? "" : "; its stdin is closed"));
    }
}
