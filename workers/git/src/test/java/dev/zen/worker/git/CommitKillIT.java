package dev.zen.worker.git;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Fault test with real processes: two git worker replicas, each its own JVM ({@link HangingCommitWorker});
 * the one that made a commit is killed with SIGKILL before it replies. The survivor takes the command
 * over and answers it "interrupted, may have been applied" from the call ledger: the commit is in the
 * repository exactly once, never made a second time.
 */
class CommitKillIT {

    @TempDir
    Path dir;
    private String prefix;
    private Path root;
    private ToolCommands commands;
    private WorkerProcesses replicas;

    @BeforeEach
    void setUp() throws Exception {
        prefix = SharedKafka.uniquePrefix("gitkill");
        root = Files.createDirectories(dir.resolve("repos")).toRealPath();
        TestRepos.repoWith(root, "project", Map.of("README.md", "# project\n"));
        commands = new ToolCommands(prefix);
        replicas = new WorkerProcesses(HangingCommitWorker.class, prefix, dir.resolve("runs.log"), Map.of("GIT_ROOT", root.toString()));
    }

    @AfterEach
    void tearDown() {
        replicas.close();
        commands.close();
    }

    @Test
    void shouldNeverCommitTwiceWhenTheWorkerDiesBetweenCommitAndReply() throws Exception {
        startReplica("r1");
        startReplica("r2");
        awaitStableGroupOf(2);
        // a first commit on the same partition: the survivor reads the call ledger from where its offset commit says
        ToolCommand warmUp = commit("Warm-up commit");
        send(warmUp);
        assertThat(awaitReply(warmUp.callId()).outcome()).isEqualTo(ToolOutcome.OK);
        awaitCommittedOffset(1);

        ToolCommand once = commit("HANG: made once");
        send(once);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runsOf(once.callId()).isEmpty());
        String victim = runsOf(once.callId()).getFirst();
        assertThat(subjects()).contains("HANG: made once");
        Process process = replicas.process(victim);
        process.destroyForcibly(); // SIGKILL: no reply, no offset commit
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        ToolReply reply = awaitReply(once.callId());

        String survivor = victim.equals("r1") ? "r2" : "r1";
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.INTERRUPTED.wire());
        assertThat(reply.error().message()).contains("interrupted, may have been applied");
        assertThat(reply.worker().instance()).isEqualTo(survivor);
        assertThat(runsOf(once.callId())).as("the commit ran once, on the killed replica").containsExactly(victim);
        assertThat(subjects()).as("the repository's history").containsExactly("HANG: made once", "Warm-up commit", "initial");
    }

    private ToolCommand commit(String message) {
        var arguments = JsonNodeFactory.instance.objectNode().put("repo", "project").put("message", message).put("allow_empty", true);
        return ToolCommands.async("git_commit", arguments, new Principal("alice", List.of("dev"), null));
    }

    private List<String> subjects() throws Exception {
        try (Git git = Git.open(root.resolve("project").toFile())) {
            List<String> subjects = new ArrayList<>();
            for (RevCommit commit : git.log().call()) {
                subjects.add(commit.getShortMessage());
            }
            return subjects;
        }
    }

    private void startReplica(String instance) throws Exception {
        replicas.start(instance, "commit-kill");
    }

    private void awaitStableGroupOf(int members) {
        ToolCommands.awaitStableGroup(prefix + "worker.git", members);
    }

    private void awaitCommittedOffset(long offset) {
        try (Admin admin = SharedKafka.admin()) {
            TopicPartition partition = new TopicPartition(TopicCatalogue.withPrefix(prefix).tool("git_commit"), 0);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                var committed = admin.listConsumerGroupOffsets(prefix + "worker.git").partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() == offset;
            });
        }
    }

    private void send(ToolCommand command) throws Exception {
        commands.sendToFirstPartition(command);
    }

    private ToolReply awaitReply(String callId) {
        return commands.awaitResult(callId, Duration.ofSeconds(90));
    }

    private List<String> runsOf(String callId) throws Exception {
        return replicas.runsOf(callId);
    }
}
