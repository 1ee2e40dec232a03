package dev.zen.worker.terminal;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code process_list}: the caller's background processes on this worker, running and recently ended. */
final class ProcessListTool implements ToolHandler {

    static final String NAME = "process_list";
    static final ObjectShape INPUT = ObjectShape.of();
    static final Field<List<ObjectNode>> PROCESSES = Field.objects("processes", "Your processes, oldest first", ProcessFields.PROCESS)
            .required();
    static final ObjectShape OUTPUT = ObjectShape.of(PROCESSES);

    private final BackgroundProcesses processes;

    private ProcessListTool(BackgroundProcesses processes) {
        this.processes = processes;
    }

    static ToolDefinition definition(BackgroundProcesses processes) {
        return ToolDefinition.named(NAME).title("List background processes")
                .description("Lists your background processes on this worker: running ones and those ended within the TTL, with "
                        + "their state and output size. Other callers' processes are never shown.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new ProcessListTool(processes));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        INPUT.bind(call);
        List<BackgroundProcess> mine = processes.list(call.principal());
        StringBuilder text = new StringBuilder(mine.isEmpty() ? "(no background processes)\n" : "");
        mine.forEach(p -> text.append(ProcessFields.line(p)).append('\n'));
        return OUTPUT.builder().put(PROCESSES, mine.stream().map(ProcessFields::describe).toList()).result(text.toString());
    }
}
