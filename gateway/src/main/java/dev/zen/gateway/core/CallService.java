package dev.zen.gateway.core;

import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Runs a synchronous tool call: checks the tool is live and the arguments fit its input schema
 * (refusing before anything reaches Kafka), sends the command and waits for the reply until the
 * deadline. Knows neither HTTP nor Kafka. Blocking: call it on a virtual thread. Thread safe.
 */
public final class CallService {

    /** How long after the deadline the gateway still waits for the worker's own timeout reply. */
    private static final long REPLY_GRACE_MS = 250;

    private final ToolCatalog catalog;
    private final CommandBus bus;
    private final Duration defaultTimeout;

    private final AccessPolicy policy;
    private final CallLimits limits;
    private final CallAudit audit;

    public CallService(ToolCatalog catalog, CommandBus bus, Duration defaultTimeout) {
        this(catalog, bus, defaultTimeout, AccessPolicy.ALLOW_ALL, CallLimits.none());
    }

    public CallService(ToolCatalog catalog, CommandBus bus, Duration defaultTimeout, AccessPolicy policy, CallLimits limits) {
        this(catalog, bus, defaultTimeout, policy, limits, CallAudit.OFF);
    }

    public CallService(ToolCatalog catalog, CommandBus bus, Duration defaultTimeout, AccessPolicy policy, CallLimits limits,
            CallAudit audit) {
        this.audit = audit;
        this.catalog = catalog;
        this.bus = bus;
        this.defaultTimeout = defaultTimeout;
        this.policy = policy;
        this.limits = limits;
    }

    /**
     * Calls {@code tool} and waits for the result.
     *
     * @throws CallRejected when the tool is unknown or the arguments are invalid (nothing was sent)
     */
    public CallResult call(String tool, JsonNode arguments, Principal principal, JsonNode progressToken) {
        PendingCall pending = submit(tool, arguments, principal, progressToken, null, event -> { });
        try {
            return pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bus.abandon(pending.callId());
            return CallResult.local(CallResult.Status.FAILED, CallToolResult.error("The call was interrupted"), pending.callId());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pending call never completes exceptionally", e);
        }
    }

    /**
     * Sends a call of {@code tool} and returns at once. {@code events} hears the call's events (on the
     * bus's reader thread, so it must not block), all before the result completes. The result
     * completes with the worker's reply, or a timeout shortly after the deadline, or a send failure.
     *
     * @throws CallRejected when the tool is unknown or the arguments are invalid (nothing was sent)
     */
    public PendingCall submit(String tool, JsonNode arguments, Principal principal, JsonNode progressToken, ClientContext client,
            Consumer<CallEvent> events) {
        return submit(tool, arguments, principal, progressToken, client, events, defaultTimeout);
    }

    /** {@link #submit} with its own time limit (a call that may become a task gets the job timeout). */
    public PendingCall submit(String tool, JsonNode arguments, Principal principal, JsonNode progressToken, ClientContext client,
            Consumer<CallEvent> events, Duration timeout) {
        if (admit(tool, arguments, principal).isEmpty()) {
            audit.refused(dev.zen.schemas.AuditEvent.FAILED, tool, arguments, principal, "service_unavailable");
            String service = catalog.knownService(tool).orElse("?");
            CallResult unavailable = CallResult.local(CallResult.Status.UNAVAILABLE, CallToolResult.error(
                    "Expected a live worker of service '" + service + "' to run " + tool
                            + ", but none has sent a heartbeat recently; the call was not sent"), null);
            return new PendingCall(null, CompletableFuture.completedFuture(unavailable));
        }
        long now = System.currentTimeMillis();
        long deadline = now + timeout.toMillis();
        ToolCommand command = new ToolCommand(null, newCallId(), tool, arguments, principal, CallMode.SYNC, deadline,
                bus.replyTo(), null, null, 1, progressToken, null, now, client);
        String callId = command.callId();
        CompletableFuture<CallResult> result = bus.send(command, events)
                .thenApply(CallService::toResult)
                .completeOnTimeout(CallResult.local(CallResult.Status.TIMEOUT, CallToolResult.error("Expected a reply from " + tool
                        + " within " + timeout.toMillis() + " ms, but none arrived (call " + callId + ")"), callId),
                        deadline - System.currentTimeMillis() + REPLY_GRACE_MS, TimeUnit.MILLISECONDS)
                .exceptionally(e -> CallResult.local(CallResult.Status.FAILED, CallToolResult.error(
                        "Expected to send the call of " + tool + " to Kafka, but " + rootMessage(e)), callId));
        audit.accepted(command);
        result.whenComplete((r, e) -> {
            bus.abandon(callId);
            audit.ended(command, r);
        });
        return new PendingCall(callId, result);
    }

    /**
     * Everything a call must pass before anything is sent: the policy, the rate limits, a live tool
     * and arguments that fit its input schema.
     *
     * @return the tool, or empty when its service is known but no worker of it is alive
     * @throws CallRejected when the caller may not call it, the tool is unknown or the arguments are invalid
     * @throws RateLimited  when a bucket is empty
     */
    public java.util.Optional<ToolEntry> admit(String tool, JsonNode arguments, Principal principal) {
        try {
            return check(tool, arguments, principal);
        } catch (CallRejected e) {
            audit.refused(dev.zen.schemas.AuditEvent.DENIED, tool, arguments, principal, switch (e.reason()) {
                case FORBIDDEN -> "forbidden";
                case UNKNOWN_TOOL -> "unknown_tool";
                case INVALID_ARGUMENTS -> "invalid_arguments";
            });
            throw e;
        } catch (RateLimited e) {
            audit.refused(dev.zen.schemas.AuditEvent.RATE_LIMITED, tool, arguments, principal, "rate_limited");
            throw e;
        }
    }

    /** What the gateway writes to the audit topic; a job's acceptance is recorded through it too. */
    public CallAudit audit() {
        return audit;
    }

    private java.util.Optional<ToolEntry> check(String tool, JsonNode arguments, Principal principal) {
        if (!policy.mayCallTool(principal, tool)) {
            throw new CallRejected(CallRejected.Reason.FORBIDDEN, "Forbidden: the roles " + principal.roles() + " of '" + principal.subject()
                    + "' may not call tool " + tool, List.of());
        }
        limits.take(principal, tool); // throws RateLimited: nothing is sent
        ToolEntry entry = catalog.liveTool(tool).orElse(null);
        if (entry == null) {
            if (catalog.knownService(tool).isEmpty()) {
                throw new CallRejected(CallRejected.Reason.UNKNOWN_TOOL, "Unknown tool: " + tool, List.of());
            }
            return java.util.Optional.empty();
        }
        List<RecordValidator.Violation> violations = entry.inputSchema().validate(arguments);
        if (!violations.isEmpty()) {
            RecordValidator.Violation first = violations.get(0);
            throw new CallRejected(CallRejected.Reason.INVALID_ARGUMENTS,
                    "Invalid arguments for tool " + tool + " at " + first.pointer() + ": " + first.message(), violations);
        }
        return java.util.Optional.of(entry);
    }

    /**
     * Cancels a call for its client: the result completes as {@code CANCELLED} now, and the worker is
     * told to stop. {@code session} is the client's session reference (workers check it).
     */
    public void cancel(PendingCall call, String session, String reason) {
        if (call.callId() == null || !call.result().complete(CallResult.cancelled(call.callId()))) {
            return;
        }
        bus.relay(ClientAnswer.cancel(call.callId(), session, null, reason, System.currentTimeMillis()));
    }

    /** Cancels a call this gateway does not hold (it runs for the same session through another replica). */
    public void cancelElsewhere(String session, String originRequestId, String reason) {
        bus.relay(ClientAnswer.cancel(null, session, originRequestId, reason, System.currentTimeMillis()));
    }

    /** Relays a client's answer to a handler's request (sampling, elicitation) to the worker. */
    public CompletableFuture<Void> answer(ClientAnswer answer) {
        return bus.relay(answer);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static CallResult toResult(ToolReply reply) {
        String worker = reply.worker() == null ? null : reply.worker().service() + "/" + reply.worker().instance();
        Long startedAt = reply.timings() == null ? null : Math.max(0, reply.completedAt() - reply.timings().executedMs());
        return switch (reply.outcome()) {
            case OK, TOOL_ERROR -> new CallResult(CallResult.Status.OK, reply.result(), reply.callId(), worker, null, startedAt,
                    reply.facts());
            case TIMEOUT -> new CallResult(CallResult.Status.TIMEOUT, CallToolResult.error(reply.error().message()), reply.callId(), worker,
                    null, startedAt);
            case CANCELLED -> CallResult.cancelled(reply.callId());
            case FAILED, REJECTED -> new CallResult(
                    reply.outcome() == ToolOutcome.REJECTED ? CallResult.Status.UNAVAILABLE : CallResult.Status.FAILED,
                    CallToolResult.error(reply.error().message()), reply.callId(), worker, reply.error(), startedAt);
        };
    }

    /** Time-ordered UUID (version 7), so call ids sort by creation time in topics and logs. */
    public static String newCallId() {
        long millis = System.currentTimeMillis();
        // a call id names a call, it grants nothing (jobs and cancels are checked against their principal and session):
        // ThreadLocalRandom, not the SecureRandom of UUID.randomUUID, whose one lock every call would queue on
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
