package dev.zen.ops.replay;

import dev.zen.schemas.ArgumentRedactor;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ReplyTo;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.WorkerRef;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./zen replay --reexecute}: re-issues recorded calls against today's workers and says, per
 * call, whether the answer is the same. Only tools that today's workers announce with
 * {@code readOnlyHint: true} are re-issued, others only with {@code allowWrites}. The command comes
 * whole from the tool topic (the audit's arguments are redacted), gets a fresh call id (workers
 * answer a known call id from its old reply), the recorded principal, mode sync, and the replay reply
 * topic as its reply-to, so no gateway sees the answer. Today's answer is compared with the audit's
 * {@code resultHash} (or error code); the diff is shown against the recorded reply while the reply
 * or results topic still holds it. Arguments are never printed. Each re-issued call is audited like
 * one the gateway took ({@code accepted}, the worker's {@code started}, its end) with source
 * {@code replay} and {@code detail.reexecutes}. Not thread safe.
 */
final class Reexecution {

    /** The {@code source} of the audit events a re-execution writes. */
    static final String SOURCE = "replay";

    /** The field of those events' {@code detail} that names the recorded call re-executed. */
    static final String REEXECUTES = "reexecutes";

    /** What became of one recorded call. */
    enum Verdict { SAME, CHANGED, UNKNOWN, SKIPPED, NO_ANSWER }

    record Outcome(RecordedCall call, Verdict verdict, String reason, List<String> diff) {
    }

    private final String bootstrap;
    private final TopicCatalogue topics;
    private final boolean allowWrites;
    private final Duration timeout;
    private final RecordCodec codec = RecordCodec.shared();

    Reexecution(String bootstrap, TopicCatalogue topics, boolean allowWrites, Duration timeout) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.allowWrites = allowWrites;
        this.timeout = timeout;
    }

    List<Outcome> run(List<RecordedCall> calls) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        calls.forEach(c -> outcomes.put(c.callId(), null));
        LiveTools live = LiveTools.read(bootstrap, topics.registry(), System.currentTimeMillis());
        List<RecordedCall> eligible = new ArrayList<>();
        for (RecordedCall call : calls) {
            Optional<ToolDescriptor> tool = live.tool(call.tool());
            if (tool.isEmpty()) {
                outcomes.put(call.callId(), new Outcome(call, Verdict.SKIPPED, "no live worker announces " + call.tool(), List.of()));
            } else if (!LiveTools.readOnly(tool.get()) && !allowWrites) {
                outcomes.put(call.callId(), new Outcome(call, Verdict.SKIPPED,
                        "not read-only (no readOnlyHint: true); --allow-writes re-executes it", List.of()));
            } else {
                eligible.add(call);
            }
        }
        Map<String, ToolCommand> commands = RecordedCommands.find(bootstrap, topics, eligible);
        Map<String, RecordedCall> byNewId = new HashMap<>();
        List<ToolCommand> reissued = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (RecordedCall call : eligible) {
            ToolCommand original = commands.get(call.callId());
            if (original == null) {
                outcomes.put(call.callId(), new Outcome(call, Verdict.SKIPPED, "its command is no longer on " + topics.tool(call.tool())
                        + " (retention)", List.of()));
                continue;
            }
            String newId = UUID.randomUUID().toString();
            byNewId.put(newId, call);
            reissued.add(new ToolCommand(null, newId, original.tool(), original.arguments(), original.principal(), CallMode.SYNC,
                    now + timeout.toMillis(), new ReplyTo(topics.replayReplies(), null), null, null, 1, null, null, now, null));
        }
        Map<String, ToolReply> answers;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClientDefaults.requestReplyProducer(bootstrap,
                "zen-replay-reexecute"))) {
            for (ToolCommand command : reissued) {
                audit(producer, accepted(command, byNewId.get(command.callId()), live));
            }
            answers = reissue(producer, reissued);
            for (ToolCommand command : reissued) {
                audit(producer, ended(command, byNewId.get(command.callId()), answers.get(command.callId())));
            }
            producer.flush();
        }
        Map<String, ToolReply> recorded = new HashMap<>();
        if (!byNewId.isEmpty()) {
            long first = byNewId.values().stream().mapToLong(RecordedCall::acceptedAt).min().orElseThrow();
            long last = byNewId.values().stream().mapToLong(RecordedCall::acceptedAt).max().orElseThrow();
            recorded = RecordedReplies.find(bootstrap, List.of(topics.replies(), topics.results()),
                    new java.util.HashSet<>(byNewId.values().stream().map(RecordedCall::callId).toList()), first, last, Duration.ofHours(2));
        }
        for (var entry : byNewId.entrySet()) {
            RecordedCall call = entry.getValue();
            ToolReply answer = answers.get(entry.getKey());
            outcomes.put(call.callId(), judge(call, answer, recorded.get(call.callId())));
        }
        return outcomes.values().stream().toList();
    }

    private Outcome judge(RecordedCall call, ToolReply answer, ToolReply before) {
        if (answer == null) {
            return new Outcome(call, Verdict.NO_ANSWER, "no reply within " + timeout.toSeconds() + " s", List.of());
        }
        String today = answer.result() != null ? AuditEvent.resultHash(answer.result()) : "error:" + answer.error().code();
        String then = call.answerKey();
        if (then == null && before != null) {
            then = before.result() != null ? AuditEvent.resultHash(before.result()) : "error:" + before.error().code();
        }
        if (then == null) {
            return new Outcome(call, Verdict.UNKNOWN, "nothing recorded to compare with (the call did not end in the window)",
                    List.of());
        }
        if (then.equals(today)) {
            return new Outcome(call, Verdict.SAME, null, List.of());
        }
        List<String> diff = before == null
                ? TextDiff.lines("(the recorded answer is no longer on " + topics.replies() + " or " + topics.results() + "; its hash was "
                        + then + ")", render(answer))
                : TextDiff.lines(render(before), render(answer));
        return new Outcome(call, Verdict.CHANGED, null, diff);
    }

    /** An answer as lines to compare: text content as it reads, other content and structured content as pretty JSON. */
    private String render(ToolReply reply) {
        if (reply.result() == null) {
            return "error " + reply.error().code() + ": " + reply.error().message();
        }
        CallToolResult result = reply.result();
        StringBuilder text = new StringBuilder();
        if (Boolean.TRUE.equals(result.isError())) {
            text.append("isError: true\n");
        }
        for (var item : result.content()) {
            if ("text".equals(item.path("type").asString(""))) {
                text.append(item.path("text").asString("")).append('\n');
            } else {
                text.append(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(item)).append('\n');
            }
        }
        if (result.structuredContent() != null) {
            text.append(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result.structuredContent())).append('\n');
        }
        return text.toString();
    }

    /**
     * The audit's {@code accepted} of a re-issued call: written by {@link #SOURCE}, its arguments
     * redacted like the gateway's, and {@code detail.reexecutes} naming the recorded call, so that the
     * worker's {@code started} and the end below belong to a call the audit knows, and that a later
     * {@code --reexecute} can leave re-executions out.
     */
    private AuditEvent accepted(ToolCommand command, RecordedCall recorded, LiveTools live) {
        var schema = live.tool(command.tool()).map(ToolDescriptor::inputSchema).orElse(null);
        var arguments = command.arguments() == null ? null
                : schema == null ? ArgumentRedactor.keysOnly(command.arguments()) : ArgumentRedactor.redact(command.arguments(), schema);
        return AuditEvent.builder(AuditEvent.ACCEPTED, SOURCE, command.createdAt()).callId(command.callId()).tool(command.tool())
                .principal(command.principal()).mode(CallMode.SYNC).durationMs(0L).arguments(arguments)
                .argumentBytes(command.arguments() == null ? null : codec.encode(command.arguments()).length)
                .detail(reexecutes(recorded)).build();
    }

    /** The audit's end of a re-issued call: completed, failed (a tool or worker error) or timed out (no answer in time). */
    private AuditEvent ended(ToolCommand command, RecordedCall recorded, ToolReply answer) {
        long now = System.currentTimeMillis();
        String type;
        String outcome;
        String code = null;
        if (answer == null) {
            type = AuditEvent.TIMED_OUT;
            outcome = "timeout";
            code = "timeout";
        } else if (answer.result() != null && answer.result().isErrorResult()) {
            type = AuditEvent.FAILED;
            outcome = "tool_error";
            code = "tool_error";
        } else if (answer.result() == null) {
            type = AuditEvent.FAILED;
            outcome = "failed";
            code = answer.error().code();
        } else {
            type = AuditEvent.COMPLETED;
            outcome = "ok";
        }
        WorkerRef worker = answer == null ? null : answer.worker();
        return AuditEvent.builder(type, SOURCE, now).callId(command.callId()).tool(command.tool())
                .service(worker == null ? null : worker.service()).instance(worker == null ? null : worker.instance())
                .principal(command.principal()).mode(CallMode.SYNC).outcome(outcome).errorCode(code).durationMs(now - command.createdAt())
                .resultBytes(answer == null || answer.result() == null ? null : codec.encode(answer.result()).length)
                .resultHash(answer == null ? null : AuditEvent.resultHash(answer.result())).detail(reexecutes(recorded)).build();
    }

    private tools.jackson.databind.JsonNode reexecutes(RecordedCall recorded) {
        return codec.mapper().createObjectNode().put(REEXECUTES, recorded.callId());
    }

    private void audit(KafkaProducer<String, byte[]> producer, AuditEvent event) {
        producer.send(new ProducerRecord<>(topics.audit(), null, event.at(), event.callId(), codec.encode(event)));
    }

    /** Sends the commands and reads the replay reply topic until every one is answered or the timeout passes. */
    private Map<String, ToolReply> reissue(KafkaProducer<String, byte[]> producer, List<ToolCommand> commands) {
        Map<String, ToolReply> answers = new HashMap<>();
        if (commands.isEmpty()) {
            return answers;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topics.fixed("replay-replies")));
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-replay-reexecute"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.replayReplies(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topics.replayReplies(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before anything is sent
            for (ToolCommand command : commands) {
                producer.send(new ProducerRecord<>(topics.tool(command.tool()), command.callId(), codec.encode(command)));
            }
            producer.flush();
            java.util.Set<String> waiting = new java.util.HashSet<>(commands.stream().map(ToolCommand::callId).toList());
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var kind = record.headers().lastHeader(dev.zen.topics.ZenHeaders.RECORD);
                    boolean reply = kind == null || dev.zen.topics.ZenHeaders.RECORD_REPLY.equals(
                            new String(kind.value(), java.nio.charset.StandardCharsets.UTF_8));
                    if (!reply || record.key() == null || !waiting.contains(record.key())) {
                        continue; // another call's answer, or a progress event
                    }
                    try {
                        answers.put(record.key(), codec.decode(record.value(), ToolReply.class));
                        waiting.remove(record.key());
                    } catch (RuntimeException e) {
                        // a progress event of the call, not its reply
                    }
                }
            }
        }
        return answers;
    }

    /** Prints one line per call (and the diff under a changed one); returns the count per verdict. */
    static Map<Verdict, Long> print(List<Outcome> outcomes, PrintWriter out) {
        Map<Verdict, Long> counts = new java.util.EnumMap<>(Verdict.class);
        for (Outcome o : outcomes) {
            counts.merge(o.verdict(), 1L, Long::sum);
            out.printf("%-9s  %-36s  %-20s%s%n", o.verdict(), o.call().callId(), o.call().tool(), o.reason() == null ? "" : "  " + o.reason());
            o.diff().forEach(line -> out.println("    " + line));
        }
        return counts;
    }
}
