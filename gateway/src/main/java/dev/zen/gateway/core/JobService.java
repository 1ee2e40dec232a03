package dev.zen.gateway.core;

import dev.zen.schemas.CallMode;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.Principal;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Long jobs: a call handed over now and answered later (REST {@code /v1/jobs}; MCP tasks are the
 * same object). Accepting a job stores it as {@code working} on the jobs topic and then sends the
 * async command; the job tracker records progress and the outcome, the dispatcher the callbacks.
 * A job is visible only to the principal that submitted it. Thread safe.
 */
public final class JobService {

    /** A job as accepted: the job, whether it already existed (same idempotency key), and a generated secret to show once. */
    public record Accepted(Job job, boolean existing, String generatedSecret) {
    }

    /** A page of jobs and the cursor of the next one (null at the end). */
    public record Page(List<Job> jobs, String nextCursor) {
    }

    private final CallService calls;
    private final CommandBus bus;
    private final JobStore store;
    private final CallbackQueue callbacks;
    private final IdempotencyClaims claims;
    private final CallbackGuard guard;
    private final SecretSealer sealer;
    private final Duration jobTimeout;
    private final Duration defaultTtl;
    private final Duration maxTtl;

    public JobService(CallService calls, CommandBus bus, JobStore store, CallbackQueue callbacks, IdempotencyClaims claims,
            CallbackGuard guard, SecretSealer sealer, Duration jobTimeout, Duration defaultTtl, Duration maxTtl) {
        this.claims = claims;
        this.callbacks = callbacks;
        this.calls = calls;
        this.bus = bus;
        this.store = store;
        this.guard = guard;
        this.sealer = sealer;
        this.jobTimeout = jobTimeout;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    /**
     * Accepts a job: checks the caller, tool, arguments, callback and TTL, stores the job and sends its command.
     * {@code callbackSecret} may hold several secrets separated by spaces (a key rotation): every
     * delivery is signed with each.
     *
     * @throws CallRejected      unknown tool (404), invalid arguments (400), forbidden (403)
     * @throws RateLimited       over a limit (429)
     * @throws InvalidJobRequest a bad callback or TTL (400)
     * @throws IllegalStateException when no worker of the tool is alive or Kafka did not take the job (503)
     */
    public Accepted submit(Principal caller, String tool, JsonNode arguments, String callbackUrl, String callbackSecret, Long ttlSeconds,
            String idempotencyKey) {
        return submit(caller, tool, arguments, callbackUrl, callbackSecret, ttlSeconds, idempotencyKey, null);
    }

    /** {@link #submit} for a client that workers may ask things on the way ({@code client}: its capabilities; null for none). */
    public Accepted submit(Principal caller, String tool, JsonNode arguments, String callbackUrl, String callbackSecret, Long ttlSeconds,
            String idempotencyKey, dev.zen.schemas.ClientContext client) {
        String id = idempotencyKey == null ? CallService.newCallId() : idFor(caller, idempotencyKey);
        Optional<Job> existing = store.find(id);
        if (existing.isPresent()) {
            return new Accepted(existing.get(), true, null);
        }
        if (ttlSeconds != null && (ttlSeconds < 1 || ttlSeconds > maxTtl.toSeconds())) {
            throw new InvalidJobRequest("ttl_seconds", "Expected ttl_seconds between 1 and " + maxTtl.toSeconds() + ", but was " + ttlSeconds);
        }
        Job.Callback callback = null;
        String generated = null;
        if (callbackUrl != null) {
            guard.check(callbackUrl);
            String secrets = callbackSecret;
            if (secrets == null) {
                secrets = Webhooks.newSecret();
                generated = secrets;
            }
            List<String> sealed = new java.util.ArrayList<>();
            for (String secret : secrets.trim().split(" +")) {
                if (Webhooks.keyOf(secret) == null) {
                    throw new InvalidJobRequest("callback.secret", "Expected callback.secret to be whsec_ followed by the base64 of 24 to 64"
                            + " bytes");
                }
                sealed.add(sealer.seal(secret));
            }
            callback = new Job.Callback(callbackUrl, String.join(" ", sealed));
        } else if (callbackSecret != null) {
            throw new InvalidJobRequest("callback.url", "Expected callback.url with callback.secret, but it is missing");
        }
        if (calls.admit(tool, arguments, caller).isEmpty()) {
            throw new IllegalStateException("Expected a live worker to run " + tool + ", but none has sent a heartbeat recently; the job was"
                    + " not accepted");
        }
        long ttl = ttlSeconds == null ? defaultTtl.toMillis() : ttlSeconds * 1000;
        if (idempotencyKey != null && !claims.claim(id, Duration.ofMillis(ttl))) {
            return new Accepted(awaitAcceptedElsewhere(id), true, null);
        }
        long now = System.currentTimeMillis();
        long deadline = now + Math.min(jobTimeout.toMillis(), ttl);
        Job job = Job.accepted(id, tool, caller, callback, idempotencyKey, now, deadline, now + ttl);
        ToolCommand command = new ToolCommand(null, id, tool, arguments, caller, CallMode.ASYNC, deadline, null, null, idempotencyKey, 1,
                StringNode.valueOf(id), null, now, client);
        try {
            store.save(job).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            // nothing was stored or sent: a retry with the same key starts afresh
            release(idempotencyKey, id);
            throw notTaken(e);
        }
        try {
            bus.dispatch(command).get(10, TimeUnit.SECONDS);
            calls.audit().accepted(command);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            // the job is stored but its command may or may not reach the worker: it is failed (keeping
            // its idempotency key), so that a retry with the same key gets this answer rather than a second run
            RuntimeException refused = notTaken(e);
            store.save(job.finished(JobStatus.FAILED, refused.getMessage() + "; the command may or may not reach a worker", null,
                    new ToolError(ErrorCode.SERVICE_UNAVAILABLE.wire(), refused.getMessage(), null), null,
                    null, System.currentTimeMillis()));
            throw refused;
        }
        return new Accepted(job, false, generated);
    }

    private static RuntimeException notTaken(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("Interrupted while handing the job to Kafka", e);
        }
        return new IllegalStateException("Expected Kafka to take the job within 10 s, but " + (e.getCause() == null ? e : e.getCause())
                .getMessage(), e);
    }

    private void release(String idempotencyKey, String id) {
        if (idempotencyKey != null) {
            claims.release(id);
        }
    }

    /** The job another request (on this or another replica) is accepting with the same key, once it is stored. */
    private Job awaitAcceptedElsewhere(String id) {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            Optional<Job> job = store.find(id);
            if (job.isPresent()) {
                return job.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Another request with the same Idempotency-Key is being accepted but its job did not appear"
                + " within 10 s; retry with the same key");
    }

    /** The caller's job; empty when there is none or it is someone else's (both 404: no probing). */
    public Optional<Job> get(Principal caller, String id) {
        return store.find(id).filter(job -> owns(caller, job));
    }

    /** The caller's jobs, newest first, optionally of one status or tool; the cursor is the id of the last job of the previous page. */
    public Page list(Principal caller, JobStatus status, String tool, String cursor, int limit) {
        List<Job> mine = store.all().stream()
                .filter(job -> owns(caller, job))
                .filter(job -> status == null || job.status() == status)
                .filter(job -> tool == null || job.tool().equals(tool))
                .sorted(Comparator.comparingLong(Job::createdAt).thenComparing(Job::id).reversed())
                .toList();
        int start = 0;
        if (cursor != null) {
            start = -1;
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).id().equals(cursor)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new InvalidJobRequest("cursor", "Expected a cursor from a previous page, but '" + cursor + "' is not one");
            }
        }
        List<Job> page = mine.subList(Math.min(start, mine.size()), Math.min(start + limit, mine.size()));
        String next = start + limit < mine.size() ? page.getLast().id() : null;
        return new Page(List.copyOf(page), next);
    }

    /**
     * Cancels a job: it is {@code cancelled} from now on (stored before this returns, as MCP asks),
     * and its worker is told to stop (the handler is interrupted). A job that already ended is
     * returned as it is.
     */
    public Optional<Job> cancel(Principal caller, String id) {
        Optional<Job> job = get(caller, id);
        if (job.isEmpty() || job.get().status().terminal()) {
            return job;
        }
        long now = System.currentTimeMillis();
        Job cancelled = job.get().finished(JobStatus.CANCELLED, "Cancelled by " + caller.subject(), null, null, null, null, now);
        durably(store.save(cancelled));
        if (cancelled.callback() != null) {
            callbacks.queue(cancelled); // the worker's late reply finds the job ended and queues nothing
        }
        bus.relay(ClientAnswer.cancel(id, null, null, "cancelled by " + caller.subject(), now));
        return Optional.of(cancelled);
    }

    /**
     * Turns a synchronous call that is still running into a job (an MCP task the server created): the
     * job is stored as {@code working} before this returns, and ends with the call. Its events reach
     * it through {@link #onEvent}. The call's reply comes to this replica, so a job adopted here ends
     * here; if this replica stops first, the deadline sweep fails it.
     */
    public Job adopt(Principal caller, String tool, PendingCall call, long deadline) {
        long now = System.currentTimeMillis();
        Job job = Job.accepted(call.callId(), tool, caller, null, null, now, deadline, now + defaultTtl.toMillis());
        durably(store.save(job));
        call.result().thenAccept(result -> store.find(job.id())
                .filter(current -> !current.status().terminal())
                .ifPresent(current -> store.save(JobEvents.finished(current, result, System.currentTimeMillis()))));
        return job;
    }

    /** An event of an adopted call (progress, a request to the client): recorded on its job. */
    public void onEvent(String id, dev.zen.schemas.CallEvent event) {
        store.find(id).ifPresent(job -> {
            Job next = JobEvents.apply(job, event, System.currentTimeMillis());
            if (next != job) {
                store.save(next);
            }
        });
    }

    /**
     * The client's answers to the job's open input requests, by the handler's keys: each goes to the
     * waiting handler, and the job no longer shows it (at once, on this replica). Keys the job did not
     * ask for are ignored.
     *
     * @return the job after the answers; empty when the caller has no such job
     */
    public Optional<Job> answer(Principal caller, String id, JsonNode responses) {
        Optional<Job> found = get(caller, id);
        if (found.isEmpty() || found.get().status().terminal()) {
            return found;
        }
        Job job = found.get();
        long now = System.currentTimeMillis();
        List<String> answered = new java.util.ArrayList<>();
        for (Job.InputRequest request : job.inputRequests()) {
            JsonNode response = responses.path(request.key());
            if (response.isObject()) {
                bus.relay(ClientAnswer.response(id, null, request.requestId(), response, null, now));
                answered.add(request.key());
            }
        }
        if (answered.isEmpty()) {
            return found;
        }
        Job next = job.withInputAnswered(answered, now);
        durably(store.save(next));
        return Optional.of(next);
    }

    /** Calls {@code listener} with a job's previous and new state (it must not block) whenever this replica sees it change. */
    public void onChange(java.util.function.BiConsumer<Job, Job> listener) {
        store.onChange(listener);
    }

    /** Completes with the caller's job once it has ended; empty when the caller has no such job. */
    public Optional<java.util.concurrent.CompletableFuture<Job>> whenEnded(Principal caller, String id) {
        return get(caller, id).map(job -> store.ended(id));
    }

    private static void durably(java.util.concurrent.CompletableFuture<Void> saved) {
        try {
            saved.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing the job", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Expected Kafka to store the job within 10 s, but " + (e.getCause() == null ? e : e.getCause())
                    .getMessage(), e);
        }
    }

    private static boolean owns(Principal caller, Job job) {
        return job.owner().subject().equals(caller.subject())
                && java.util.Objects.equals(job.owner().tenant(), caller.tenant());
    }

    /** The same key from the same principal names the same job. */
    static String idFor(Principal caller, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((caller.subject() + "\u0000" + caller.tenant() + "\u0000" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
