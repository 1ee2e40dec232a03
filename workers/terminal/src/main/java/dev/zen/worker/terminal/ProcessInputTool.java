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
    static final ObjectShape OUTPUT = ObjectShape.of(WRITTEN, STDIN_OPEN);

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
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        BackgroundProcess process = processes.get(call.principal(), args.get(PROCESS_ID));
        if (!process.running()) {
            throw new ToolFailure("Expected a running process, but " + process.id() + " has ended; nothing was written");
        }
        int written;
        try {
            written = process.write(args.get(INPUT_TEXT), args.get(CLOSE));
        } catch (IOException e) {
            throw new ToolFailure("Expected to write to the stdin of " + process.id() + ", but " + e.getMessage());
        }
        return OUTPUT.builder().put(WRITTEN, written).put(STDIN_OPEN, process.stdinOpen())
                .result("wrote " + written + " bytes to " + process.id() + (process.stdinOpen() ? "" : "; its stdin is closed"));
    }
}
