package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.Timings;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.WorkerRef;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class CallLedgerTest {

    private static final TopicPartition CHARGE_0 = new TopicPartition("zen.tool.charge", 0);
    private static final WorkerRef WORKER = new WorkerRef("pay", "w1", "1");

    private final CallLedger ledger = new CallLedger(6);

    private static ToolCommand command(String callId) {
        return new ToolCommand(null, callId, "charge", JsonNodeFactory.instance.objectNode(), new Principal("alice", List.of(), null),
                CallMode.ASYNC, Long.MAX_VALUE, null, null, null, 1, null, null, 1, null);
    }

    @Test
    void shouldTellTheSuccessorToReadFromTheLowestPositionOfAnUncommittedCommand() {
        ledger.reached(0, 10);
        ledger.taken(CHARGE_0, 5); // its entries lie at 10 or later
        ledger.reached(0, 14);
        ledger.taken(CHARGE_0, 6); // at 14 or later

        assertThat(ledger.commitMetadata(CHARGE_0, 5)).isEqualTo("ledger=10");
        assertThat(ledger.commitMetadata(CHARGE_0, 6)).isEqualTo("ledger=14");
        assertThat(ledger.commitMetadata(CHARGE_0, 7)).as("nothing uncommitted: the ledger's end").isEqualTo("ledger=14");
    }

    @Test
    void shouldKeepThePredecessorsPositionUntilItsCommandsAreCommitted() {
        ledger.inherit(CHARGE_0, 3, 8);
        ledger.reached(0, 20);

        assertThat(ledger.commitMetadata(CHARGE_0, 7)).isEqualTo("ledger=3");
        assertThat(ledger.commitMetadata(CHARGE_0, 8)).isEqualTo("ledger=20");
    }

    @Test
    void shouldNeverLetAStartedMarkHideAKnownReplyAndForgetWhatIsCommitted() {
        ToolCommand charge = command("c-1");
        ToolReply reply = ToolReply.ofResult(charge, CallToolResult.text("ok"), WORKER, new Timings(0, 1), 2);
        ledger.remember(CallLedgerEntry.replied(charge, CHARGE_0.topic(), 0, 5, WORKER, reply, 2));

        ledger.remember(CallLedgerEntry.started(charge, CHARGE_0.topic(), 0, 5, WORKER, 3));

        assertThat(ledger.lookup("c-1").stage()).isEqualTo(CallLedgerEntry.Stage.REPLIED);
        ledger.commitMetadata(CHARGE_0, 6);
        assertThat(ledger.lookup("c-1")).isNull();
    }

    @Test
    void shouldReadTheLedgerFromItsStartWhenTheCommitCarriesNoPosition() {
        assertThat(CallLedger.positionIn(null)).isZero();
        assertThat(CallLedger.positionIn("written by an older worker")).isZero();
        assertThat(CallLedger.positionIn("ledger=42")).isEqualTo(42);
    }
}
