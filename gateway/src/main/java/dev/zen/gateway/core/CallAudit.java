package dev.zen.gateway.core;

import dev.zen.schemas.ArgumentRedactor;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolCommand;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Turns what the gateway sees of a call or job into audit events: accepted, refused (denied,
 * rate_limited), ended (completed, failed, cancelled, timed_out) and callback attempts. A sync call
 * that ends within {@link #ACCEPTED_AFTER_MS} is one event, its end carrying the acceptance
 * ({@code acceptedAt}, the arguments) and the worker's start ({@code startedAt}). Arguments
 * are redacted by the tool's input schema ({@link ArgumentRedactor}); for a tool the gateway does
 * not know, only the argument keys are kept. Results are never copied, only their size and hash; the
 * {@code detail} of an end event carries the audit facts the tool's handler recorded (an exit code, a
 * count), which the worker sent with its result. Every
 * method returns at once: the event is built and written by the {@link AuditTrail}. Thread safe.
 */
public final class CallAudit {

    /** No audit. */
    public static final CallAudit OFF = new CallAudit(AuditTrail.OFF, "gateway", null);

    private final AuditTrail trail;
    private final String source;
    private final ToolCatalog catalog;
    private final RecordCodec codec = RecordCodec.shared();
    /** Sync calls whose acceptance is not written yet, by call id. */
    private final Map<String, ToolCommand> unannounced = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock;

    /** How long a sync call may run before its {@code accepted} event is written on its own. */
    public static final long ACCEPTED_AFTER_MS = 1_000;

    /** @param source the writer as events name it, e.g. {@code gateway:gw-1} */
    public CallAudit(AuditTrail trail, String source, ToolCatalog catalog) {
        this.trail = trail;
        this.source = source;
        this.catalog = catalog;
        if (trail == AuditTrail.OFF) {
            this.clock = null;
        } else {
            this.clock = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("zen-audit-accepted").factory());
            clock.scheduleWithFixedDelay(() -> announceOverdue(System.currentTimeMillis()), 250, 250, TimeUnit.MILLISECONDS);
        }
    }

    /** A call refused before anything was sent: {@code denied} (policy, unknown tool, invalid arguments) or {@code rate_limited}. */
    public void refused(String type, String tool, JsonNode arguments, Principal principal, String code) {
        String callId = CallService.newCallId(); // nothing was sent: the id names this attempt in the audit only
        long now = System.currentTimeMillis();
        trail.record(() -> withArguments(AuditEvent.builder(type, source, now), tool, arguments)
                .callId(callId).tool(tool).service(service(tool)).principal(principal)
                .outcome(code).errorCode(code).durationMs(0L).build());
    }

    /**
     * A command was sent to its tool's topic (a sync call or a job's async command). A job's acceptance
     * is written now. A sync call's is held: when the call ends within {@link #ACCEPTED_AFTER_MS}, its
     * end is the one event of the call ({@link AuditEvent#whole()}); a call still running then gets its
     * {@code accepted} event, so that a call that never ends still shows.
     */
    public void accepted(ToolCommand command) {
        if (trail == AuditTrail.OFF) {
            return;
        }
        if (command.mode() == CallMode.SYNC) {
            unannounced.put(command.callId(), command);
            return;
        }
        announce(command);
    }

    private void announce(ToolCommand command) {
        // stamped with the command's creation: the worker's started event can reach the topic first, and sorts after it by time
        trail.record(() -> withArguments(AuditEvent.builder(AuditEvent.ACCEPTED, source, command.createdAt()), command.tool(),
                command.arguments())
                .callId(command.callId()).jobId(command.mode() == CallMode.ASYNC ? command.callId() : null).tool(command.tool())
                .service(service(command.tool())).principal(command.principal()).mode(command.mode()).durationMs(0L).build());
    }

    /** Writes the {@code accepted} event of every sync call older than {@link #ACCEPTED_AFTER_MS} that has not ended yet. */
    void announceOverdue(long now) {
        for (ToolCommand command : unannounced.values()) {
            if (now - command.createdAt() >= ACCEPTED_AFTER_MS && unannounced.remove(command.callId(), command)) {
                announce(command);
            }
        }
    }

    /** Writes the {@code accepted} event of every sync call still running (the gateway stops); call before the trail closes. */
    public void close() {
        if (clock != null) {
            clock.shutdownNow();
        }
        announceOverdue(Long.MAX_VALUE);
    }

    /** A sync call ended for its caller: the worker's reply, a timeout, a cancel or a send failure. */
    public void ended(ToolCommand command, CallResult result) {
        if (trail == AuditTrail.OFF) {
            return;
        }
        long now = System.currentTimeMillis();
        // still held: the call ended before its acceptance was written, so this one event stands for the whole call
        boolean whole = unannounced.remove(command.callId()) != null;
        trail.record(() -> {
            boolean toolError = result.result() != null && result.result().isErrorResult();
            String[] typeAndOutcome = switch (result.status()) {
                case OK -> toolError ? new String[] {AuditEvent.FAILED, "tool_error"} : new String[] {AuditEvent.COMPLETED, "ok"};
                case UNAVAILABLE -> new String[] {AuditEvent.FAILED, "rejected"};
                case FAILED -> new String[] {AuditEvent.FAILED, "failed"};
                case TIMEOUT -> new String[] {AuditEvent.TIMED_OUT, "timeout"};
                case CANCELLED -> new String[] {AuditEvent.CANCELLED, "cancelled"};
            };
            String code = result.failure() != null ? result.failure().code()
                    : toolError ? "tool_error" : result.status() == CallResult.Status.OK ? null : typeAndOutcome[1];
            AuditEvent.Builder end = AuditEvent.builder(typeAndOutcome[0], source, now)
                    .callId(command.callId()).tool(command.tool()).service(serviceOf(result.worker(), command.tool()))
                    .instance(instanceOf(result.worker())).principal(command.principal()).mode(command.mode())
                    .outcome(typeAndOutcome[1]).errorCode(code).durationMs(now - command.createdAt())
                    .startedAt(result.startedAt()).detail(result.facts());
            if (result.result() != null) {
                byte[] encoded = codec.encode(result.result()); // once, for its size and its hash
                end.resultBytes(encoded.length).resultHash(AuditEvent.resultHash(encoded));
            }
            return whole ? withArguments(end, command.tool(), command.arguments()).acceptedAt(command.createdAt()).build() : end.build();
        });
    }

    /** A job ended (its worker's reply, a cancel, the deadline sweep). */
    public void jobEnded(Job job) {
        long now = System.currentTimeMillis();
        trail.record(() -> {
            boolean toolError = job.result() != null && job.result().isErrorResult();
            String code = job.error() == null ? (toolError ? "tool_error" : null) : job.error().code();
            String type;
            String outcome;
            if (job.status() == JobStatus.COMPLETED) {
                type = toolError ? AuditEvent.FAILED : AuditEvent.COMPLETED;
                outcome = toolError ? "tool_error" : "ok";
            } else if (job.status() == JobStatus.CANCELLED) {
                type = AuditEvent.CANCELLED;
                outcome = "cancelled";
            } else if ("deadline_exceeded".equals(code) || "timeout".equals(code)) {
                type = AuditEvent.TIMED_OUT;
                outcome = "timeout";
            } else {
                type = AuditEvent.FAILED;
                outcome = "failed";
            }
            return AuditEvent.builder(type, source, now).callId(job.id()).jobId(job.id()).tool(job.tool())
                    .service(job.worker() != null ? job.worker().service() : service(job.tool()))
                    .instance(job.worker() == null ? null : job.worker().instance()).principal(job.owner()).mode(CallMode.ASYNC)
                    .outcome(outcome).errorCode(code).durationMs(now - job.createdAt())
                    .resultBytes(job.result() == null ? null : codec.encode(job.result()).length)
                    .resultHash(AuditEvent.resultHash(job.result())).detail(job.facts()).build();
        });
    }

    /** One webhook delivery attempt of a job; the callback URL's query is left out (it may carry a token). */
    public void callbackAttempted(Job job, Job.Delivery delivery) {
        long now = System.currentTimeMillis();
        trail.record(() -> {
            var detail = codec.mapper().createObjectNode();
            detail.put("attempt", delivery.attempt());
            if (delivery.httpStatus() != null) {
                detail.put("httpStatus", delivery.httpStatus());
            }
            if (job.callback() != null) {
                detail.put("url", withoutQuery(job.callback().url()));
            }
            return AuditEvent.builder(AuditEvent.CALLBACK_ATTEMPTED, source, now).callId(job.id()).jobId(job.id()).tool(job.tool())
                    .principal(job.owner()).mode(CallMode.ASYNC).outcome(delivery.outcome())
                    .errorCode(delivery.error() == null ? null : "callback_failed").durationMs(delivery.durationMs()).detail(detail).build();
        });
    }

    private AuditEvent.Builder withArguments(AuditEvent.Builder builder, String tool, JsonNode arguments) {
        if (arguments == null) {
            return builder;
        }
        JsonNode schema = catalog == null ? null : catalog.liveTool(tool).map(t -> t.descriptor().inputSchema()).orElse(null);
        JsonNode kept = schema == null ? ArgumentRedactor.keysOnly(arguments) : ArgumentRedactor.redact(arguments, schema);
        return builder.arguments(kept).argumentBytes(codec.encode(arguments).length);
    }

    private String service(String tool) {
        return catalog == null ? null : catalog.knownService(tool).orElse(null);
    }

    private String serviceOf(String worker, String tool) {
        return worker != null && worker.indexOf('/') > 0 ? worker.substring(0, worker.indexOf('/')) : service(tool);
    }

    private static String instanceOf(String worker) {
        return worker != null && worker.indexOf('/') > 0 ? worker.substring(worker.indexOf('/') + 1) : null;
    }

    private static String withoutQuery(String url) {
        int cut = url.indexOf('?');
        return cut < 0 ? url : url.substring(0, cut);
    }
}
