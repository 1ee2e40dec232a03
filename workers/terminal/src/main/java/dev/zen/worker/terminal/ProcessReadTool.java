package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.ProcessFields.PROCESS_ID;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;

/**
 * {@code process_read}: a background process's output from a byte offset, at most {@code max_bytes},
 * optionally waiting for more; {@code next_offset} reads on. Readable while it runs and for the TTL
 * after it ended.
 */
final class ProcessReadTool implements ToolHandler {

    static final String NAME = "process_read";
    static final int MAX_WAIT_MS = 30_000;

    static final Field<Long> OFFSET = Field.count("offset", "Byte offset to read from: 0, or the next_offset of the last read")
            .defaultsTo(0L);
    static final Field<Integer> WAIT_MS = Field.integer("wait_ms", "When no output is there yet: wait up to this long for some (or for "
            + "the end)", 0, MAX_WAIT_MS).defaultsTo(0);

    static final Field<String> OUTPUT_TEXT = Field.string("output", "Output from offset (stdout and stderr as written)").required();
    static final Field<Long> OFFSET_OUT = Field.count("offset", "Where this output starts (later than asked when older output was "
            + "dropped)").required();
    static final Field<Long> NEXT_OFFSET = Field.count("next_offset", "The offset to read on from").required();
    static final Field<Long> SKIPPED = Field.count("skipped_bytes", "Bytes dropped before offset (over TERMINAL_PROCESS_BUFFER)")
            .required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<tools.jackson.databind.node.ObjectNode> PROCESS = Field.object("process", "The process's state",
            ProcessFields.PROCESS).required();
    static final ObjectShape OUTPUT = ObjectShape.of(OUTPUT_TEXT, OFFSET_OUT, NEXT_OFFSET, SKIPPED, TRUNCATED, PROCESS);

    private final BackgroundProcesses processes;
    private final Field<Integer> maxBytes;
    private final ObjectShape input;

    private ProcessReadTool(BackgroundProcesses processes, TerminalSettings settings) {
        this.processes = processes;
        this.maxBytes = Field.integer("max_bytes", "Most bytes to return; at most " + settings.maxOutputBytes() + " (TERMINAL_MAX_OUTPUT)",
                1, settings.maxOutputBytes()).defaultsTo(Math.min(TerminalExecTool.DEFAULT_MAX_OUTPUT, settings.maxOutputBytes()));
        this.input = ObjectShape.of(PROCESS_ID, OFFSET, maxBytes, WAIT_MS);
    }

    static ToolDefinition definition(BackgroundProcesses processes, TerminalSettings settings) {
        ProcessReadTool tool = new ProcessReadTool(processes, settings);
        return ToolDefinition.named(NAME).title("Read a background process's output")
                .description("Returns a background process's output (stdout and stderr together) from offset, at most max_bytes, "
                        + "and its state (running, exit_code). truncated says more output is already there: read on from next_offset. "
                        + "wait_ms waits for new output when there is none yet.")
                .input(tool.input).output(OUTPUT).readOnly()
                .handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) throws InterruptedException {
        Arguments args = input.bind(call);
        BackgroundProcess process = processes.get(call.principal(), args.get(PROCESS_ID));
        long wait = Math.min(args.get(WAIT_MS), Math.max(0, call.remainingMillis() - CommandRunner.ANSWER_MARGIN_MS));
        OutputLog.Chunk chunk = process.log().read(args.get(OFFSET), args.get(maxBytes), wait);
        ProcessFields.facts(call, process);
        StringBuilder text = new StringBuilder(chunk.text());
        if (chunk.skipped() > 0) {
            text.insert(0, "[" + chunk.skipped() + " older bytes were dropped]\n");
        }
        text.append(text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? "" : "\n").append("(").append(ProcessFields.line(process))
                .append("; next_offset ").append(chunk.nextOffset()).append(chunk.more() ? ", more to read" : "").append(")");
        return OUTPUT.builder().put(OUTPUT_TEXT, chunk.text()).put(OFFSET_OUT, chunk.offset()).put(NEXT_OFFSET, chunk.nextOffset())
                .put(SKIPPED, chunk.skipped()).put(TRUNCATED, chunk.more()).put(PROCESS, ProcessFields.describe(process))
                .result(text.toString());
    }
}
