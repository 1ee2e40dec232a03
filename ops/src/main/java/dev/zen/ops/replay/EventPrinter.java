package dev.zen.ops.replay;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes audit events as {@code table} (aligned columns for people), {@code jsonl} (one event per
 * line, exactly as on the topic, for tools) or {@code csv} (RFC 4180, with a header, for
 * spreadsheets and {@code COPY}). Not thread safe.
 */
final class EventPrinter implements Consumer<AuditEvent> {

    static final String[] COLUMNS = {"at", "type", "outcome", "tool", "principal", "call_id", "job_id", "duration_ms", "error_code",
        "service", "instance", "source", "event_id"};

    enum Format { TABLE, JSONL, CSV }

    private final PrintWriter out;
    private final Format format;
    private final RecordCodec codec = RecordCodec.shared();
    private boolean headed;

    EventPrinter(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    @Override
    public void accept(AuditEvent event) {
        if (!headed) {
            header();
            headed = true;
        }
        switch (format) {
            case JSONL -> out.println(new String(codec.encode(event), java.nio.charset.StandardCharsets.UTF_8));
            case CSV -> out.println(String.join(",", java.util.Arrays.stream(values(event)).map(EventPrinter::csv).toList()));
            case TABLE -> out.printf("%-24s  %-18s  %-12s  %-16s  %-16s  %-36s  %8s  %s%n", values(event)[0], event.type(), dash(event.outcome()),
                    dash(event.tool()), dash(event.subject()), dash(event.callId()), event.durationMs() == null ? "-" : event.durationMs(),
                    dash(event.errorCode()));
        }
    }

    private void header() {
        switch (format) {
            case CSV -> out.println(String.join(",", COLUMNS));
            case TABLE -> out.printf("%-24s  %-18s  %-12s  %-16s  %-16s  %-36s  %8s  %s%n", "AT", "TYPE", "OUTCOME", "TOOL", "PRINCIPAL",
                    "CALL", "MS", "ERROR");
            case JSONL -> { }
        }
    }

    static String[] values(AuditEvent e) {
        return new String[] {Instant.ofEpochMilli(e.at()).toString(), e.type(), e.outcome(), e.tool(), e.subject(), e.callId(), e.jobId(),
            e.durationMs() == null ? null : e.durationMs().toString(), e.errorCode(), e.service(), e.instance(), e.source(), e.eventId()};
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    void flush() {
        out.flush();
    }
}
