package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a worker has done with one tool call, on the compacted call ledger of its service, keyed by
 * call id: {@code started} (written and acknowledged before a non-idempotent handler runs) and then
 * {@code replied} (written with the reply, which it carries). A worker that takes over a command
 * partition reads the ledger entries of the commands it may be handed again, so that a redelivered
 * command is answered from its reply, or refused as interrupted, instead of running twice.
 *
 * <p>{@code commandTopic}, {@code commandPartition} and {@code commandOffset} say which command
 * record the entry is about: a reader keeps only the entries of the partitions it was assigned, at or
 * after their committed offsets. {@code reply} is set exactly when the stage is {@code replied}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallLedgerEntry(
        SchemaId schema,
        String callId,
        String tool,
        Stage stage,
        String commandTopic,
        int commandPartition,
        long commandOffset,
        WorkerRef worker,
        ToolReply reply,
        long at) {

    /** How far the call got on the worker that wrote the entry. */
    public enum Stage {
        STARTED("started"), REPLIED("replied");

        private final String wire;

        Stage(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Stage fromWire(String wire) {
            for (Stage stage : values()) {
                if (stage.wire.equals(wire)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("Expected a ledger stage of started or replied, but was '" + wire + "'");
        }
    }

    public CallLedgerEntry {
        schema = schema == null ? SchemaId.CALL_LEDGER_ENTRY : schema;
        ToolCommand.require(callId, "callId");
        ToolCommand.require(commandTopic, "commandTopic");
        if (stage == null) {
            throw new IllegalArgumentException("Expected a 'stage', but it was missing");
        }
        if (stage == Stage.REPLIED && reply == null) {
            throw new IllegalArgumentException("Expected the 'reply' of a replied call " + callId + ", but it was missing");
        }
        if (stage == Stage.STARTED && reply != null) {
            throw new IllegalArgumentException("Expected no 'reply' on a started call " + callId + ", but it had one");
        }
    }

    public static CallLedgerEntry started(ToolCommand command, String commandTopic, int commandPartition, long commandOffset,
            WorkerRef worker, long now) {
        return new CallLedgerEntry(SchemaId.CALL_LEDGER_ENTRY, command.callId(), command.tool(), Stage.STARTED, commandTopic,
                commandPartition, commandOffset, worker, null, now);
    }

    public static CallLedgerEntry replied(ToolCommand command, String commandTopic, int commandPartition, long commandOffset,
            WorkerRef worker, ToolReply reply, long now) {
        return new CallLedgerEntry(SchemaId.CALL_LEDGER_ENTRY, command.callId(), command.tool(), Stage.REPLIED, commandTopic,
                commandPartition, commandOffset, worker, reply, now);
    }
}
