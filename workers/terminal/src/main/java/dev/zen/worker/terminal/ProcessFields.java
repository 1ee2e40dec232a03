package dev.zen.worker.terminal;

import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** The fields the {@code process_*} tools share, and the one shape that describes a process in answers. */
final class ProcessFields {

    private ProcessFields() {
    }

    static final Field<String> PROCESS_ID = Field.string("process_id", "The id process_start answered (p-…)").required()
            .maxLength(64);

    static final Field<String> ID_OUT = Field.string("process_id", "The process's id").required();
    static final Field<java.util.List<String>> ARGV = Field.strings("argv", "What runs, as given", 1, Commands.MAX_ARGUMENTS).required();
    static final Field<String> CWD = Field.string("cwd", "Working directory, relative to the workspace").required();
    static final Field<Boolean> RUNNING = Field.bool("running", "Whether it still runs").required();
    static final Field<Long> EXIT_CODE = Field.count("exit_code", "Its exit status, once it ended on its own");
    static final Field<String> KILLED = Field.string("killed", "Why it was killed, when it was");
    static final Field<String> STARTED_AT = Field.dateTime("started_at", "When it started (ISO-8601)").required();
    static final Field<String> ENDED_AT = Field.dateTime("ended_at", "When it ended (ISO-8601)");
    static final Field<String> KILL_AT = Field.dateTime("kill_at", "When it will be killed if still running (its max runtime)")
            .required();
    static final Field<Long> OUTPUT_BYTES = Field.count("output_bytes", "Bytes of output it wrote in all (stdout and stderr)")
            .required();
    static final ObjectShape PROCESS = ObjectShape.of(ID_OUT, ARGV, CWD, RUNNING, EXIT_CODE, KILLED, STARTED_AT, ENDED_AT, KILL_AT,
            OUTPUT_BYTES).describedAs("A background process");

    /** {@code process} in the {@link #PROCESS} shape. */
    static ObjectNode describe(BackgroundProcess process) {
        ObjectShape.Builder out = PROCESS.builder().put(ID_OUT, process.id()).put(ARGV, process.argv())
                .put(CWD, TerminalFields.shownCwd(process.launch().cwd())).put(RUNNING, process.running())
                .put(STARTED_AT, process.startedAt().toString()).put(KILL_AT, process.killAt().toString())
                .put(OUTPUT_BYTES, process.log().total());
        Integer exit = process.exitCode();
        if (exit != null) {
            out.put(EXIT_CODE, (long) exit);
        }
        Instant ended = process.endedAt();
        if (ended != null) {
            out.put(ENDED_AT, ended.toString());
            if (process.killedBecause() != null) {
                out.put(KILLED, process.killedBecause());
            }
        }
        return out.build();
    }

    /** What the audit keeps of a process: its id, the directory it runs in, and how it ended, once it has. */
    static void facts(dev.zen.worker.runtime.ToolCall call, BackgroundProcess process) {
        call.facts().put("processId", process.id()).put("cwd", TerminalFields.shownCwd(process.launch().cwd()))
                .put("running", process.running());
        Instant ended = process.endedAt();
        if (ended != null) {
            call.facts().put("durationMs", java.time.Duration.between(process.startedAt(), ended).toMillis());
            if (process.exitCode() != null) {
                call.facts().put("exitCode", process.exitCode());
            } else if (process.killedBecause() != null) {
                call.facts().put("killed", process.killedBecause());
            }
        }
    }

    /** One line about a process, for text answers. */
    static String line(BackgroundProcess process) {
        String state = process.running() ? "running" : process.exitCode() != null ? "exited " + process.exitCode()
                : "killed (" + process.killedBecause() + ")";
        return process.id() + " " + state + ": " + String.join(" ", process.argv()) + " (" + process.log().total() + " bytes of output)";
    }
}
