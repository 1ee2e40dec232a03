package dev.zen.ops.replay;

import static dev.zen.ops.replay.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import dev.zen.testkit.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./zen replay} against a real broker: windows by time and offset, filters, the three formats, stats, follow. */
class ReplayCommandIT {

    static final long NOW = System.currentTimeMillis();
    static final long TWO_HOURS_AGO = NOW - Duration.ofHours(2).toMillis();
    static AuditEvents audit;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    @BeforeAll
    static void writeEvents() {
        audit = new AuditEvents(SharedKafka.uniquePrefix("replay"));
        List<AuditEvent> events = new ArrayList<>();
        // two hours ago: one old call
        events.add(event("accepted", "old-1", "lookup", "alice", null, 0L, TWO_HOURS_AGO));
        events.add(event("completed", "old-1", "lookup", "alice", "ok", 7L, TWO_HOURS_AGO + 7));
        // now: the worker's started reached the topic before the gateway's accepted (same millisecond)
        events.add(event("started", "new-1", "lookup", "alice", null, 1L, NOW - 1000));
        events.add(event("accepted", "new-1", "lookup", "alice", null, 0L, NOW - 1000));
        events.add(event("completed", "new-1", "lookup", "alice", "ok", 4L, NOW - 996));
        events.add(event("denied", "new-2", "lookup", "bob", "forbidden", 0L, NOW - 900));
        events.add(event("failed", "new-3", "file_read", "alice", "tool_error", 12L, NOW - 800));
        // a hundred calls of one tool: durations 1..100 ms, ten of them failed, by carol
        for (int i = 1; i <= 100; i++) {
            events.add(event(i <= 10 ? "failed" : "completed", "bulk-" + i, "bulk", "carol", i <= 10 ? "failed" : "ok", (long) i, NOW - 500));
        }
        audit.write(events);
    }

    @AfterAll
    static void close() {
        audit.close();
    }

    Run replay(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap", SharedKafka.bootstrapServers(), "--prefix", audit.prefix, "--progress",
                "never"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReplayCommand.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString().trim(), err.toString().trim());
    }

    List<AuditEvent> jsonl(Run run) {
        return run.lines().stream().map(l -> RecordCodec.shared().decode(l.getBytes(StandardCharsets.UTF_8), AuditEvent.class)).toList();
    }

    @Test
    void shouldReadTheLastHourOfOneToolAsJsonLines() {
        Run run = replay("--since", "1h", "--tool", "lookup", "--format", "jsonl");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(jsonl(run)).extracting(AuditEvent::callId).containsOnly("new-1", "new-2").hasSize(4);
        assertThat(run.err()).contains("4 matched");
    }

    @Test
    void shouldReadAWindowByTimeAsCsv() {
        Run run = replay("--from", Instant.ofEpochMilli(TWO_HOURS_AGO - 60_000).toString(), "--to",
                Instant.ofEpochMilli(TWO_HOURS_AGO + 60_000).toString(), "--format", "csv");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(0)).isEqualTo(String.join(",", EventPrinter.COLUMNS));
        assertThat(run.lines().subList(1, 3)).allSatisfy(line -> assertThat(line).contains(",old-1,"));
        assertThat(run.lines().get(2).split(",", -1)[1]).isEqualTo("completed");
    }

    @Test
    void shouldPrintOneCallInTheOrderOfItsLife() {
        Run run = replay("--call", "new-1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().get(0)).startsWith("AT");
        assertThat(run.lines().subList(1, 4)).extracting(l -> l.split("\\s+")[1]).containsExactly("accepted", "started", "completed");
    }

    @Test
    void shouldFilterByPrincipalAndOutcomeOrType() {
        assertThat(jsonl(replay("--principal", "bob", "--outcome", "denied", "--format", "jsonl"))).extracting(AuditEvent::callId)
                .containsExactly("new-2");
        Run toolErrors = replay("--outcome", "tool_error", "--format", "jsonl");
        assertThat(jsonl(toolErrors)).as(toolErrors.err()).extracting(AuditEvent::callId).containsExactly("new-3");
        assertThat(jsonl(replay("--principal", "nobody", "--format", "jsonl"))).isEmpty();
    }

    @Test
    void shouldStartAtAnOffset() {
        Run all = replay("--format", "jsonl");
        Run fromOne = replay("--from-offset", "1", "--format", "jsonl");

        // every partition that has records skips its first one
        assertThat(jsonl(all)).hasSize(107);
        assertThat(jsonl(all).size() - jsonl(fromOne).size()).isBetween(1, 6);
        assertThat(jsonl(replay("--from-offset", "1000000", "--format", "jsonl"))).isEmpty();
    }

    @Test
    void shouldAggregatePerToolWithExactPercentilesAndTopPrincipals() {
        Run run = replay("--since", "1h", "--stats");

        assertThat(run.exit()).as(run.err()).isZero();
        String bulk = run.lines().stream().filter(l -> l.startsWith("bulk ")).findFirst().orElseThrow();
        assertThat(bulk.split("\\s+")).containsExactly("bulk", "100", "10", "10.00%", "50", "95", "99", "0");
        String lookup = run.lines().stream().filter(l -> l.startsWith("lookup ")).findFirst().orElseThrow();
        assertThat(lookup.split("\\s+")).containsExactly("lookup", "1", "0", "0.00%", "4", "4", "4", "1");
        int principals = run.lines().indexOf(run.lines().stream().filter(l -> l.startsWith("PRINCIPAL")).findFirst().orElseThrow());
        assertThat(run.lines().get(principals + 1).split("\\s+")).containsExactly("carol", "100");
    }

    @Test
    void shouldFollowNewEventsUntilTheLimit() throws Exception {
        CompletableFuture<Run> following = CompletableFuture.supplyAsync(() -> replay("--follow", "--tool", "live", "--limit", "2",
                "--format", "jsonl"));
        Thread.sleep(1500);

        audit.write(List.of(event("accepted", "live-1", "live", "dave", null, 0L, System.currentTimeMillis()),
                event("completed", "live-1", "live", "dave", "ok", 3L, System.currentTimeMillis())));

        Run run = following.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(jsonl(run)).extracting(AuditEvent::type).containsExactly("accepted", "completed");
    }

    @Test
    void shouldRefuseBadOptionsNamingThem() {
        assertThat(replay("--since", "ten minutes")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("--since").contains("ten minutes");
        });
        assertThat(replay("--format", "xml").err()).contains("--format").contains("xml");
        assertThat(replay("--since", "1h", "--from-offset", "3").err()).contains("--since, --from and --from-offset");
        assertThat(replay("--from", "yesterday").err()).contains("--from").contains("yesterday");
        assertThat(replay("--stats", "--follow").exit()).isEqualTo(1);
    }
}
