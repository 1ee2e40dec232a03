package dev.zen.worker.runtime;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Timings;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolError;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.WorkerRef;
import java.time.Duration;
import tools.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs one command against its handler and decides the reply; knows nothing of Kafka. This is the
 * one place where retryable and fatal failures are told apart:
 * <ul>
 *   <li>deadline already passed: {@code timeout}, the handler is not run;
 *   <li>unknown tool: {@code rejected};
 *   <li>a principal the access policy does not allow the tool: {@code rejected} ({@code forbidden}), whatever wrote the command;
 *   <li>{@link ToolFailure} or a returned error result: {@code tool_error}, never retried;
 *   <li>deadline passes while running: the handler thread is interrupted, {@code timeout};
 *   <li>any other exception: retried up to {@code maxAttempts}, then {@link Execution#deadLettered()}.
 * </ul>
 * A reply with a result (ok or tool_error) carries the {@link AuditFacts} the handler put
 * ({@code ToolReply.facts}); other replies carry none.
 * The handler's {@link ToolCall} carries the access policy that admitted the command (null when none
 * was published), so that a handler can ask which shared memory namespaces its caller may use.
 * It also decides what a command that comes again gets ({@link #answerAgain}): the reply it already
 * had; {@code interrupted} when it was started but not answered and its tool is not idempotent; or a
 * new run.
 * Thread safe.
 */
final class CommandExecutor {

    private final Map<String, ToolDefinition> tools;
    private final WorkerRef worker;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final ScheduledThreadPoolExecutor alarms = newAlarmClock();
    private final Supplier<AccessGrants> grants;

    /** @param grants the access policy in force (null: none was ever published, everything allowed) */
    CommandExecutor(Map<String, ToolDefinition> tools, WorkerRef worker, int maxAttempts, Duration retryBackoff,
            Supplier<AccessGrants> grants) {
        this.tools = Map.copyOf(tools);
        this.grants = grants;
        this.worker = worker;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
    }

    /** The reply to a command and, when the handler kept crashing, the reason to dead-letter it. */
    record Execution(ToolReply reply, Throwable crash, int attempts) {

        boolean deadLettered() {
            return crash != null;
        }
    }

    /**
     * Whether the command must be marked started on the ledger before its handler runs: it names a
     * served tool that is not idempotent, so it may never run twice. Idempotent tools need no mark,
     * because running them again is their rule either way.
     */
    boolean needsStartedMark(ToolCommand command) {
        ToolDefinition tool = tools.get(command.tool());
        return tool != null && !tool.descriptor().idempotent();
    }

    /**
     * The answer to a command the call ledger already knows (it comes again after a worker stopped or
     * failed to commit), or null when it is to be run: a call that was answered gets that reply again;
     * one that was started and not answered gets {@code failed}/{@code interrupted} unless its tool is
     * idempotent, in which case it runs again.
     */
    ToolReply answerAgain(ToolCommand command, CallLedgerEntry known, long receivedAt) {
        if (known == null) {
            return null;
        }
        if (known.stage() == CallLedgerEntry.Stage.REPLIED) {
            return known.reply();
        }
        ToolDefinition tool = tools.get(command.tool());
        if (tool == null || tool.descriptor().idempotent()) {
            return null;
        }
        long now = System.currentTimeMillis();
        String where = known.worker() == null ? "a worker" : "worker " + known.worker().instance();
        return ToolReply.ofError(command, ToolOutcome.FAILED, ToolError.of(ErrorCode.INTERRUPTED,
                "Expected " + command.tool() + " to finish on " + where + ", which started it at " + known.at()
                        + ", but that worker stopped before it replied; the tool is not idempotent, so it was not run again: "
                        + "interrupted, may have been applied"),
                worker, new Timings(Math.max(0, receivedAt - command.createdAt()), 0), now);
    }

    Execution execute(ToolCommand command, long receivedAt) {
        return execute(command, receivedAt, null);
    }

    /** Runs the command with {@code channel} (null: no client to talk back to) as the handler's line to its client. */
    Execution execute(ToolCommand command, long receivedAt, RelayChannel channel) {
        long queuedMs = Math.max(0, receivedAt - command.createdAt());
        long now = System.currentTimeMillis();
        if (command.remainingMillis(now) <= 0) {
            return new Execution(ToolReply.ofError(command, ToolOutcome.TIMEOUT, ToolError.of(ErrorCode.DEADLINE_EXCEEDED,
                    "Expected to start " + command.tool() + " before its deadline, but the deadline passed "
                            + (now - command.deadline()) + " ms before the worker took the command; it was not run"),
                    worker, new Timings(queuedMs, 0), now), null, 0);
        }
        ToolDefinition tool = tools.get(command.tool());
        if (tool == null) {
            return new Execution(ToolReply.ofError(command, ToolOutcome.REJECTED, ToolError.of(ErrorCode.UNKNOWN_TOOL,
                    "Expected a tool served by " + worker.service() + ", but '" + command.tool() + "' is not one of "
                            + tools.keySet()), worker, new Timings(queuedMs, 0), now), null, 0);
        }
        AccessGrants policy = grants.get();
        if (policy != null && !policy.allows(command.principal(), AccessGrants.Kind.TOOL, command.tool())) {
            return new Execution(ToolReply.ofError(command, ToolOutcome.REJECTED, ToolError.of(ErrorCode.FORBIDDEN,
                    "Expected a principal whose roles allow " + command.tool() + ", but " + command.principal().subject() + " with roles "
                            + command.principal().roles() + " has none that does (policy from " + policy.source() + "); it was not run"),
                    worker, new Timings(queuedMs, 0), now), null, 0);
        }
        if (channel != null && channel.cancelled()) {
            return new Execution(cancelled(command, new Timings(queuedMs, 0), now), null, 0);
        }
        Throwable lastCrash = null;
        int attempt = 0;
        // a crash of a tool that is not idempotent may come after its effect (a commit made, a push sent):
        // like a redelivery, it is never run a second time for one call
        int attempts = tool.descriptor().idempotent() ? maxAttempts : 1;
        while (attempt < attempts) {
            attempt++;
            // each attempt records its own audit facts: those of a crashed attempt are not the answer's; the handler
            // sees the policy that admitted the command (null: none published), not one published since
            ToolCall call = new ToolCall(command.callId(), command.tool(), command.arguments(), command.principal(), command.deadline(),
                    channel, new AuditFacts(), policy);
            long started = System.currentTimeMillis();
            Outcome outcome = runOnce(tool.handler(), call, channel);
            long finished = System.currentTimeMillis();
            Timings timings = new Timings(queuedMs, finished - started);
            if (channel != null && channel.cancelled()) {
                // whatever the handler did after the cancel, the client asked for no result
                return new Execution(cancelled(command, timings, finished), null, attempt);
            }
            if (outcome.result != null) {
                return new Execution(ToolReply.ofResult(command, outcome.result, worker, timings, finished, call.facts().toJson()), null,
                        attempt);
            }
            if (outcome.missing != null) {
                var data = JsonNodeFactory.instance.objectNode();
                data.putObject("requiredCapabilities").putObject(outcome.missing.capability());
                return new Execution(ToolReply.ofError(command, ToolOutcome.REJECTED, new ToolError(ErrorCode.MISSING_CAPABILITY.wire(),
                        outcome.missing.getMessage(), data), worker, timings, finished), null, attempt);
            }
            if (outcome.timedOut) {
                return new Execution(ToolReply.ofError(command, ToolOutcome.TIMEOUT, ToolError.of(ErrorCode.DEADLINE_EXCEEDED,
                        "Expected " + command.tool() + " to finish before its deadline, but it was still running when the deadline passed"),
                        worker, timings, finished), null, attempt);
            }
            lastCrash = outcome.crash;
            if (attempt < attempts && command.remainingMillis(System.currentTimeMillis()) > retryBackoff.toMillis()) {
                sleep(retryBackoff.toMillis() * attempt);
            } else {
                break;
            }
        }
        long now2 = System.currentTimeMillis();
        return new Execution(ToolReply.ofError(command, ToolOutcome.FAILED, ToolError.of(ErrorCode.HANDLER_CRASHED,
                "Expected " + command.tool() + " to run, but its handler failed " + attempt + " time(s): "
                        + describe(lastCrash) + "; the command was sent to the dead-letter topic"),
                worker, new Timings(queuedMs, 0), now2), lastCrash, attempt);
    }

    /** The reply to a call its client cancelled: {@code cancelled}, which the gateway does not pass on as a result. */
    ToolReply cancelled(ToolCommand command, Timings timings, long now) {
        return ToolReply.ofError(command, ToolOutcome.CANCELLED, ToolError.of(ErrorCode.CANCELLED,
                "The client cancelled the call of " + command.tool()), worker, timings, now);
    }

    private record Outcome(CallToolResult result, Throwable crash, boolean timedOut, MissingClientCapability missing) {

        Outcome(CallToolResult result, Throwable crash, boolean timedOut) {
            this(result, crash, timedOut, null);
        }
    }

    private Outcome runOnce(ToolHandler handler, ToolCall call, RelayChannel channel) {
        Thread self = Thread.currentThread();
        long remaining = call.remainingMillis();
        if (remaining <= 0) {
            return new Outcome(null, null, true);
        }
        // the alarm interrupts only while the handler runs: one that fires as it returns must not leak past the clear below
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledFuture<?> alarm = alarms.schedule(() -> {
            synchronized (running) {
                if (running.get()) {
                    self.interrupt();
                }
            }
        }, remaining, TimeUnit.MILLISECONDS);
        if (channel != null) {
            channel.runOn(self);
        }
        try {
            CallToolResult result = handler.handle(call);
            if (result == null) {
                return new Outcome(null, new IllegalStateException("the handler returned no result"), false);
            }
            return new Outcome(result, null, false);
        } catch (MissingClientCapability missing) {
            return new Outcome(null, null, false, missing);
        } catch (ToolFailure failure) {
            return new Outcome(CallToolResult.error(failure.getMessage()), null, false);
        } catch (InterruptedException e) {
            return new Outcome(null, null, true);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            if (call.remainingMillis() <= 0) {
                return new Outcome(null, null, true);
            }
            return new Outcome(null, e, false);
        } finally {
            if (channel != null) {
                channel.runOn(null);
            }
            synchronized (running) {
                running.set(false);
            }
            alarm.cancel(false);
            // clear an interrupt that fired while the handler returned, so it cannot hit the reply
            Thread.interrupted();
        }
    }

    private static String describe(Throwable crash) {
        return crash == null ? "unknown" : crash.getClass().getSimpleName() + ": " + crash.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One daemon thread firing deadline alarms. Cancelled alarms leave its queue at once: nearly every
     * call cancels its alarm, and otherwise each would sit in the queue (holding its thread) until its
     * deadline, tens of thousands at a few thousand calls per second.
     */
    private static ScheduledThreadPoolExecutor newAlarmClock() {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("zen-deadline-alarm").factory());
        clock.setRemoveOnCancelPolicy(true);
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return clock;
    }

    void close() {
        alarms.shutdownNow();
    }
}
