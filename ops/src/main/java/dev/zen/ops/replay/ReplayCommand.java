package dev.zen.ops.replay;

import dev.zen.schemas.AuditEvent;
import dev.zen.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./zen replay}: reads the audit topic of any cluster back by time or offset, filters it,
 * and prints it ({@code table}, {@code jsonl}, {@code csv}), aggregates it ({@code --stats}) or
 * re-executes its recorded calls against today's workers ({@code --reexecute}, see {@link Reexecution}).
 * Events go to stdout, everything else (progress, totals, errors) to stderr. Exit codes: 0 done,
 * 1 refused (the message says why), 2 usage.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read the audit topic back: by time or offset, filtered, as a table, JSON lines or CSV, or as statistics;"
                + " or re-execute its recorded read-only calls against today's workers and show which answers differ.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: $ZEN_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
    String bootstrap = env("ZEN_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    @Option(names = "--prefix", description = "topic prefix (default: $ZEN_TOPIC_PREFIX or zen.)")
    String prefix = env("ZEN_TOPIC_PREFIX", "zen.");

    @Option(names = "--since", description = "start this long ago: 90s, 10m, 2h, 7d, 1w")
    String since;

    @Option(names = "--from", description = "start at this time: 2026-11-25T10:00:00Z, 2026-11-25 or epoch ms (UTC when no zone)")
    String from;

    @Option(names = "--to", description = "end at this time (same forms as --from); default: the end of the topic at start")
    String to;

    @Option(names = "--from-offset", description = "start every partition at this offset")
    Long fromOffset;

    @Option(names = "--tool", split = ",", description = "only these tools")
    List<String> tools = new ArrayList<>();

    @Option(names = "--principal", split = ",", description = "only these principals (subjects, e.g. key:ci or a JWT sub)")
    List<String> principals = new ArrayList<>();

    @Option(names = "--outcome", split = ",", description = "only these outcomes or types: ok, tool_error, failed, timed_out, denied, ...")
    List<String> outcomes = new ArrayList<>();

    @Option(names = "--call", description = "only the events of this call (or job) id, in the order of its life")
    String call;

    @Option(names = "--format", description = "table (default), jsonl or csv")
    String format = "table";

    @Option(names = "--follow", description = "keep reading new events until Ctrl-C (or --limit)")
    boolean follow;

    @Option(names = "--limit", description = "stop after this many matching events")
    Long limit;

    @Option(names = "--stats", description = "print per-tool counts, error rate, p50/p95/p99 latency and the top principals instead of events")
    boolean stats;

    @Option(names = "--reexecute", description = "re-issue the recorded calls of read-only tools against today's workers and print which answers differ")
    boolean reexecute;

    @Option(names = "--allow-writes", description = "with --reexecute: re-issue calls of tools that are not read-only too")
    boolean allowWrites;

    @Option(names = "--reexecute-timeout", description = "with --reexecute: how long to wait for today's answers (default 30s)")
    String reexecuteTimeout = "30s";

    @Option(names = "--top", description = "how many principals --stats lists (default 10)")
    int top = 10;

    @Option(names = "--progress", description = "progress bar on stderr: auto (default: on a terminal, for reads over 100,000 events), always, never")
    String progress = "auto";

    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, false), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; events go to {@code out}, messages to {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ReplayCommand command = new ReplayCommand();
        CommandLine line = new CommandLine(command);
        command.spec = line.getCommandSpec();
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("zen replay: " + e.getMessage());
            return 1;
        });
        int code = line.execute(args);
        out.flush();
        return code;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventPrinter.Format chosen = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "table" -> EventPrinter.Format.TABLE;
            case "jsonl" -> EventPrinter.Format.JSONL;
            case "csv" -> EventPrinter.Format.CSV;
            default -> throw new IllegalArgumentException("Expected --format table, jsonl or csv, but was '" + format + "'");
        };
        if (!List.of("auto", "always", "never").contains(progress)) {
            throw new IllegalArgumentException("Expected --progress auto, always or never, but was '" + progress + "'");
        }
        if (stats && follow) {
            throw new IllegalArgumentException("Expected --stats over a window that ends, but --follow never ends");
        }
        if (reexecute && (follow || stats || !outcomes.isEmpty())) {
            throw new IllegalArgumentException("Expected --reexecute without --follow, --stats and --outcome (it re-issues the accepted calls of"
                    + " a window that ends), but got " + (follow ? "--follow" : stats ? "--stats" : "--outcome"));
        }
        if (allowWrites && !reexecute) {
            throw new IllegalArgumentException("Expected --allow-writes only with --reexecute, but --reexecute is missing");
        }
        java.time.Duration waitFor = TimeWindow.duration("--reexecute-timeout", reexecuteTimeout);
        TimeWindow window = TimeWindow.of(since, from, to, fromOffset, Instant.now());
        AuditFilter filter = new AuditFilter(new HashSet<>(tools), new HashSet<>(principals), new HashSet<>(outcomes), call);
        AuditStats aggregate = new AuditStats();
        EventPrinter printer = new EventPrinter(out, chosen);
        dev.zen.schemas.RecordCodec codec = dev.zen.schemas.RecordCodec.shared();
        java.util.Map<String, RecordedCall> recorded = new java.util.LinkedHashMap<>();
        AtomicLong undecodable = new AtomicLong();
        List<AuditEvent> ofCall = new ArrayList<>();
        AtomicLong matched = new AtomicLong();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread hook = new Thread(() -> interrupted.set(true));
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressBar[] bar = new ProgressBar[1];
        long started = System.nanoTime();
        AuditReader.Totals totals;
        try (AuditReader reader = new AuditReader(bootstrap, TopicCatalogue.withPrefix(prefix).audit())) {
            totals = reader.read(window, follow, (fields, value) -> {
                if (!filter.test(fields) || (limit != null && matched.get() >= limit)) {
                    return;
                }
                if (reexecute) {
                    collect(recorded, fields, value, matched);
                    return;
                }
                matched.incrementAndGet();
                if (stats) {
                    aggregate.accept(fields);
                    return;
                }
                AuditEvent event;
                try {
                    event = codec.decode(value, AuditEvent.class); // only the events that match are decoded whole
                } catch (RuntimeException e) {
                    undecodable.incrementAndGet();
                    return;
                }
                if (call != null && !follow) {
                    ofCall.add(event); // printed in the order of the call's life once read
                } else {
                    printer.accept(event);
                }
            }, planned -> {
                if (!follow && (progress.equals("always") || (progress.equals("auto") && System.console() != null && planned > 100_000))) {
                    bar[0] = new ProgressBarBuilder().setTaskName("audit").setInitialMax(planned).setStyle(ProgressBarStyle.ASCII)
                            .setUnit(" events", 1).setUpdateIntervalMillis(250).continuousUpdate().build();
                }
            }, read -> {
                if (bar[0] != null) {
                    bar[0].stepTo(read);
                }
                if (follow) {
                    out.flush();
                }
            }, () -> interrupted.get() || (limit != null && matched.get() >= limit));
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already stopping
            }
        }
        if (reexecute) {
            List<Reexecution.Outcome> outcomes = new Reexecution(bootstrap, TopicCatalogue.withPrefix(prefix), allowWrites, waitFor)
                    .run(recorded.values().stream().sorted(java.util.Comparator.comparingLong(RecordedCall::acceptedAt)).toList());
            var counts = Reexecution.print(outcomes, out);
            out.flush();
            err.printf("zen replay --reexecute: %d calls: %s%n", outcomes.size(), counts);
        }
        ofCall.sort(AuditEvent.CALL_ORDER);
        ofCall.forEach(printer);
        if (stats) {
            aggregate.print(out, top);
        }
        printer.flush();
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        err.printf("zen replay: %d events read, %d matched, %d undecodable, in %.2f s (%.0f events/s)%n", totals.read(), matched.get(),
                totals.undecodable() + undecodable.get(), seconds, totals.read() / seconds);
        return 0;
    }

    /**
     * For --reexecute: the accepted calls of the window, each with the event that ended it (read whole for its
     * result hash); a whole-call event (a sync call's one event) is both.
     */
    private void collect(java.util.Map<String, RecordedCall> recorded, dev.zen.schemas.AuditEventFields fields, byte[] value,
            AtomicLong matched) {
        if (AuditEvent.ACCEPTED.equals(fields.type()) && fields.callId() != null && fields.tool() != null) {
            if ((limit == null || matched.get() < limit) && !reexecution(value)) {
                recorded.put(fields.callId(), RecordedCall.accepted(fields));
                matched.incrementAndGet();
            }
        } else if (fields.whole() && fields.callId() != null && fields.tool() != null) {
            // one event for the whole call (its end, carrying its acceptance): an accepted call that also ended
            if ((limit == null || matched.get() < limit) && !recorded.containsKey(fields.callId())) {
                try {
                    AuditEvent end = dev.zen.schemas.RecordCodec.shared().decode(value, AuditEvent.class);
                    if (!Reexecution.SOURCE.equals(end.source())) {
                        recorded.put(end.callId(), RecordedCall.whole(fields).ended(end.type(), end.resultHash(), end.errorCode()));
                        matched.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    // an event that cannot be read whole is no call to re-execute
                }
            }
        } else if (fields.ended() && recorded.containsKey(fields.callId())) {
            try {
                AuditEvent end = dev.zen.schemas.RecordCodec.shared().decode(value, AuditEvent.class);
                recorded.computeIfPresent(end.callId(), (id, c) -> c.ended(end.type(), end.resultHash(), end.errorCode()));
            } catch (RuntimeException e) {
                // an end that cannot be read leaves the call with nothing recorded to compare (UNKNOWN)
            }
        }
    }

    /** Whether an accepted event is one an earlier {@code --reexecute} wrote: re-executing it again would compare nothing new. */
    private static boolean reexecution(byte[] value) {
        try {
            return Reexecution.SOURCE.equals(dev.zen.schemas.RecordCodec.shared().decode(value, AuditEvent.class).source());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
