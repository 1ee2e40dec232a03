package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.worker.testkit.ToolCommands;
import dev.zen.worker.testkit.WorkerProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Fault test with real processes: two worker replicas, each its own JVM ({@link SlowToolsWorker}),
 * serve a long call; the replica running it is killed with SIGKILL (no shutdown hook, no commit, no
 * reply), and the survivor takes the command over once the broker notices the death. The job then
 * ends by the delivery rules: interrupted for a non-idempotent tool, run again for an idempotent one.
 */
class WorkerKillIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerKillIT.class);

    private String prefix;
    private ToolCommands commands;
    private WorkerProcesses replicas;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        prefix = SharedKafka.uniquePrefix("kill");
        commands = new ToolCommands(prefix);
        replicas = new WorkerProcesses(SlowToolsWorker.class, prefix, dir.resolve("runs.log"), Map.of());
    }

    @AfterEach
    void tearDown() {
        replicas.close();
        commands.close();
    }

    private void startReplica(String instance) throws Exception {
        replicas.start(instance, "worker-kill");
    }

    /** Both replicas are members of the group and it is stable, so no rebalance waits on the long call. */
    private void awaitStableGroupOf(int members) {
        ToolCommands.awaitStableGroup(prefix + "worker." + SlowToolsWorker.SERVICE, members);
    }

    private ToolCommand command(String tool, long sleepMs) {
        return ToolCommands.async(tool, JsonNodeFactory.instance.objectNode().put("sleepMs", sleepMs),
                new Principal("alice", List.of("r"), null));
    }

    private void send(ToolCommand command) throws Exception {
        // one partition for all: the long call follows committed calls, so the survivor reads the ledger from the commit's position
        commands.sendToFirstPartition(command);
    }

    private ToolReply awaitReply(String callId, Duration within) {
        return commands.awaitResult(callId, within);
    }

    /** The instances that started the call, in order, from the replicas' run log. */
    private List<String> runsOf(String callId) throws Exception {
        return replicas.runsOf(callId);
    }

    /** Starts two replicas, proves both serve with a quick call each, then sends the long call and kills whoever runs it. */
    private String killTheReplicaRunning(ToolCommand longCall, String quickTool) throws Exception {
        startReplica("r1");
        startReplica("r2");
        awaitStableGroupOf(2);
        ToolCommand warmUp = command(quickTool, 0);
        send(warmUp);
        assertThat(awaitReply(warmUp.callId(), Duration.ofSeconds(60)).outcome()).isEqualTo(ToolOutcome.OK);

        // the survivor will read the call ledger from where the warm-up's commit says, not from its start
        try (Admin admin = SharedKafka.admin()) {
            TopicPartition partition = new TopicPartition(TopicCatalogue.withPrefix(prefix).tool(quickTool), 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var committed = admin.listConsumerGroupOffsets(prefix + "worker." + SlowToolsWorker.SERVICE)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                LOG.info("Committed {}", committed);
                return committed != null && committed.offset() == 1 && CallLedger.positionIn(committed.metadata()) > 0;
            });
        }
        send(longCall);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runsOf(longCall.callId()).isEmpty());
        String victim = runsOf(longCall.callId()).getFirst();
        Process process = replicas.process(victim);
        process.destroyForcibly(); // SIGKILL
        assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return victim;
    }

    @Test
    void shouldEndALongNonIdempotentJobAsInterruptedWhenItsReplicaIsKilled() throws Exception {
        ToolCommand charge = command("slow_charge", 60_000);

        String victim = killTheReplicaRunning(charge, "slow_charge");

        ToolReply reply = awaitReply(charge.callId(), Duration.ofSeconds(60));
        String survivor = victim.equals("r1") ? "r2" : "r1";
        LOG.info("Path taken: {} was killed running {}; {} answered {} / {} without running it again", victim, charge.callId(), survivor,
                reply.outcome().wire(), reply.error() == null ? "-" : reply.error().code());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.INTERRUPTED.wire());
        assertThat(reply.error().message()).contains("worker " + victim, "interrupted, may have been applied");
        assertThat(reply.worker().instance()).isEqualTo(survivor);
        assertThat(runsOf(charge.callId())).as("the non-idempotent handler ran once, on the killed replica").containsExactly(victim);
    }

    @Test
    void shouldRunALongIdempotentJobAgainOnTheSurvivorWhenItsReplicaIsKilled() throws Exception {
        ToolCommand sync = command("slow_sync", 3_000);

        // warmed up with the non-idempotent tool: an idempotent one leaves no ledger position in its commits
        String victim = killTheReplicaRunning(sync, "slow_charge");

        ToolReply reply = awaitReply(sync.callId(), Duration.ofSeconds(60));
        String survivor = victim.equals("r1") ? "r2" : "r1";
        LOG.info("Path taken: {} was killed running {}; {} ran it again and answered {}", victim, sync.callId(), survivor,
                reply.outcome().wire());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.result().content().getFirst().path("text").asString()).isEqualTo("slow_sync done by " + survivor);
        assertThat(runsOf(sync.callId())).as("the idempotent handler ran again on the survivor").containsExactly(victim, survivor);
    }
}
