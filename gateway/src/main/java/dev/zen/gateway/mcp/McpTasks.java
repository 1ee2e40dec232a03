package dev.zen.gateway.mcp;

import dev.zen.gateway.GatewayProperties;
import dev.zen.gateway.core.CallRejected;
import dev.zen.gateway.core.InvalidJobRequest;
import dev.zen.gateway.core.JobService;
import dev.zen.gateway.core.RateLimited;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.gateway.security.Callers;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RpcError;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP tasks over Zen's jobs (a task and a REST job are the same object, {@link JobService}), in
 * the two shapes MCP has had: the 2025-11-25 core feature (the client asks for a task with
 * {@code params.task}; {@code tasks/get|result|list|cancel}; a nested {@code CreateTaskResult}) and
 * the 2026-07-28 extension {@value #EXTENSION} (the server decides; a flat task envelope with
 * {@code resultType}; {@code tasks/get|update|cancel}; results inlined in {@code tasks/get}).
 * Tasks are bound to the principal that created them. Thread safe.
 */
@Component
final class McpTasks {

    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    /** How often a client should poll {@code tasks/get}. */
    static final long POLL_INTERVAL_MS = 500;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JobService jobs;
    private final ToolCatalog catalog;
    private final RecordCodec codec;
    private final int pageSize;

    /** A 2025-11-25 session of this replica that created a task still running, and the progress token of its call (or null). */
    private record Watcher(McpSession session, JsonNode progressToken) {
    }

    private final java.util.Map<String, Watcher> watchers = new java.util.concurrent.ConcurrentHashMap<>();

    McpTasks(JobService jobs, ToolCatalog catalog, RecordCodec codec, GatewayProperties properties) {
        jobs.onChange(this::changed);
        this.jobs = jobs;
        this.catalog = catalog;
        this.codec = codec;
        this.pageSize = properties.pageSize();
    }

    /** A live tool's task support as its worker announced it ({@code forbidden}, {@code optional}, {@code required}); forbidden when unknown. */
    String taskSupport(String tool) {
        return catalog.liveTool(tool).map(t -> t.descriptor().taskSupport()).orElse("forbidden");
    }

    /** Whether a session of this revision has tasks (2025-11-25 and later). */
    static boolean sessionHasTasks(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo("2025-11-25") >= 0;
    }

    /** The {@code tasks} capability of a 2025-11-25 session. */
    static ObjectNode sessionCapability() {
        ObjectNode tasks = JSON.objectNode();
        tasks.putObject("list");
        tasks.putObject("cancel");
        tasks.putObject("requests").putObject("tools").putObject("call");
        return tasks;
    }

    /** Whether a 2026-07-28 request declared the tasks extension in its client capabilities. */
    static boolean declared(JsonNode clientCapabilities) {
        return clientCapabilities != null && clientCapabilities.path("extensions").path(EXTENSION).isObject();
    }

    /** -32021 (HTTP 400): the request needs the tasks extension, which the client did not declare. */
    static JsonRpcException missingExtension(String what) {
        ObjectNode data = JSON.objectNode();
        data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
        return new JsonRpcException(StatelessRequest.MISSING_CAPABILITY, "Missing required client capability: " + what
                + " needs the " + EXTENSION + " extension, which the request did not declare", data, 400);
    }

    // ------------------------------------------------------------------ 2025-11-25 (sessions)

    /**
     * {@code tools/call} of a 2025-11-25 session: with {@code params.task} the call becomes a task
     * (returned at once as {@code CreateTaskResult}); without it, a tool whose task support is
     * {@code required} is refused with -32601. Returns null when the call is an ordinary one.
     */
    ObjectNode maybeCreateTask(McpSession session, McpParams.CallTool call) {
        String tool = call.name();
        String support = taskSupport(tool);
        if (call.task() == null) {
            if ("required".equals(support)) {
                throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: tool " + tool
                        + " runs only as a task; call it with 'task' in the params", null, 200);
            }
            return null;
        }
        if ("forbidden".equals(support) && catalog.liveTool(tool).isPresent()) {
            throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: tool " + tool
                    + " does not run as a task; call it without 'task'", null, 200);
        }
        Job job = submit(call, call.task().ttlSeconds());
        watchers.put(job.id(), new Watcher(session, call.progressToken()));
        if (jobs.get(Callers.current(), job.id()).map(j -> j.status().terminal()).orElse(true)) {
            watchers.remove(job.id()); // it ended before we watched it
        }
        ObjectNode result = JSON.objectNode();
        result.set("task", task2025(job));
        return result;
    }

    private Job submit(McpParams.CallTool call, Long ttlSeconds) {
        try {
            return jobs.submit(Callers.current(), call.name(), call.arguments(), null, null, ttlSeconds, null, null).job();
        } catch (RateLimited | CallRejected e) {
            throw McpMethods.refusal(e);
        } catch (InvalidJobRequest e) {
            throw JsonRpcException.invalidParams("Invalid params: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new JsonRpcException(JsonRpcException.INTERNAL_ERROR, e.getMessage(), null, 200);
        }
    }

    /**
     * Tells the session that created a task (when it is on this replica, on its GET stream) what
     * changed: {@code notifications/progress} for the call's progress token when the handler reported
     * progress, {@code notifications/tasks/status} when the status changed.
     */
    private void changed(Job before, Job job) {
        Watcher watcher = job.status().terminal() ? watchers.remove(job.id()) : watchers.get(job.id());
        if (watcher == null) {
            return;
        }
        if (watcher.progressToken() != null && job.progress() != null && (before == null || !job.progress().equals(before.progress()))) {
            ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
            ObjectNode params = message.putObject("params");
            params.set("progressToken", watcher.progressToken());
            params.put("progress", job.progress().progress());
            if (job.progress().total() != null) {
                params.put("total", job.progress().total());
            }
            if (job.progress().message() != null) {
                params.put("message", job.progress().message());
            }
            params.putObject("_meta").putObject(RELATED_TASK).put("taskId", job.id());
            watcher.session().push(message.toString());
        }
        if (before == null || before.status() != job.status()) {
            ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("method", "notifications/tasks/status");
            message.set("params", task2025(job));
            watcher.session().push(message.toString());
        }
    }

    /** {@code tasks/get}, {@code tasks/result}, {@code tasks/list}, {@code tasks/cancel} of a 2025-11-25 session. */
    JsonNode handleSession(String method, JsonNode params) {
        return switch (method) {
            case "tasks/get" -> task2025(find(McpParams.TaskId.read(params)));
            case "tasks/result" -> result2025(find(McpParams.TaskId.read(params)));
            case "tasks/list" -> list2025(McpParams.ListRequest.read(params));
            case "tasks/cancel" -> {
                Job job = find(McpParams.TaskId.read(params));
                if (job.status().terminal()) {
                    throw JsonRpcException.invalidParams("Cannot cancel task: already in terminal status '" + job.status().wire() + "'");
                }
                yield task2025(jobs.cancel(Callers.current(), job.id()).orElseThrow(() -> unknownTask(job.id())));
            }
            default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + method, null, 200);
        };
    }

    private JsonNode result2025(Job job) {
        Job ended = job;
        if (!job.status().terminal()) {
            long wait = Math.max(1_000, job.deadline() - System.currentTimeMillis() + 5_000);
            try {
                ended = jobs.whenEnded(Callers.current(), job.id()).orElseThrow(() -> unknownTask(job.id())).get(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JsonRpcException(JsonRpcException.INTERNAL_ERROR, "Internal error: interrupted", null, 500);
            } catch (ExecutionException | TimeoutException e) {
                throw new JsonRpcException(JsonRpcException.INTERNAL_ERROR, "Internal error: task " + job.id()
                        + " did not end within its deadline", null, 200);
            }
        }
        ObjectNode related = JSON.objectNode();
        related.putObject(RELATED_TASK).put("taskId", ended.id());
        if (ended.status() == JobStatus.COMPLETED && ended.result() != null) {
            ObjectNode result = (ObjectNode) codec.toTree(ended.result());
            result.set("_meta", related);
            return result;
        }
        String message = ended.status() == JobStatus.CANCELLED ? "The task was cancelled"
                : ended.error() != null ? ended.error().message() : "The task failed";
        ObjectNode data = JSON.objectNode();
        data.put("taskId", ended.id()).put("status", ended.status().wire());
        if (ended.error() != null) {
            data.put("code", ended.error().code());
        }
        throw new JsonRpcException(JsonRpcException.INTERNAL_ERROR, message, data, 200);
    }

    private JsonNode list2025(McpParams.ListRequest request) {
        JobService.Page page;
        try {
            page = jobs.list(Callers.current(), null, null, request.cursor(), pageSize);
        } catch (InvalidJobRequest e) {
            throw JsonRpcException.invalidParams("Invalid params: 'cursor' is not a cursor this server issued");
        }
        ObjectNode result = JSON.objectNode();
        var tasks = result.putArray("tasks");
        page.jobs().forEach(job -> tasks.add(task2025(job)));
        if (page.nextCursor() != null) {
            result.put("nextCursor", page.nextCursor());
        }
        return result;
    }

    /** The 2025-11-25 {@code Task}. */
    static ObjectNode task2025(Job job) {
        ObjectNode task = JSON.objectNode();
        envelope(job, task, "ttl", "pollInterval");
        return task;
    }

    // ------------------------------------------------------------------ 2026-07-28 (extension)

    /**
     * {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} of the 2026-07-28 extension
     * ({@code tasks/result} and {@code tasks/list} are gone from it: -32601 as for any unknown method).
     */
    ObjectNode handleStateless(String method, JsonNode params, JsonNode clientCapabilities) {
        if (!declared(clientCapabilities)) {
            throw missingExtension(method);
        }
        ObjectNode ack = JSON.objectNode().put("resultType", "complete");
        switch (method) {
            case "tasks/get" -> {
                return detailed2026(find(McpParams.TaskId.read(params)));
            }
            case "tasks/update" -> {
                McpParams.UpdateTask update = McpParams.UpdateTask.read(params);
                Job job = find(new McpParams.TaskId(update.taskId()));
                jobs.answer(Callers.current(), job.id(), update.inputResponses());
                return ack;
            }
            case "tasks/cancel" -> {
                Job job = find(McpParams.TaskId.read(params));
                jobs.cancel(Callers.current(), job.id()); // a task that already ended is acknowledged the same way
                return ack;
            }
            default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + method, null, 404);
        }
    }

    /** The 2026-07-28 {@code CreateTaskResult}: the task, flat, with {@code resultType: task}. */
    static ObjectNode created2026(Job job) {
        ObjectNode task = JSON.objectNode();
        task.put("resultType", "task");
        envelope2026(job, task);
        return task;
    }

    /** The 2026-07-28 {@code tasks/get} result: the task with its result, error or open input requests inlined. */
    ObjectNode detailed2026(Job job) {
        ObjectNode task = JSON.objectNode();
        task.put("resultType", "complete");
        envelope2026(job, task);
        if (job.status() == JobStatus.COMPLETED && job.result() != null) {
            task.set("result", codec.toTree(job.result()));
        } else if (job.status() == JobStatus.FAILED) {
            ObjectNode error = task.putObject("error");
            error.put("code", RpcError.INTERNAL_ERROR);
            error.put("message", job.error() != null ? job.error().message() : job.statusMessage() != null ? job.statusMessage() : "The task failed");
            if (job.error() != null) {
                error.putObject("data").put("code", job.error().code());
            }
        } else if (job.status() == JobStatus.INPUT_REQUIRED) {
            ObjectNode requests = task.putObject("inputRequests");
            job.inputRequests().forEach(r -> requests.putObject(r.key()).put("method", r.method()).set("params", r.params()));
        }
        return task;
    }

    private static void envelope2026(Job job, ObjectNode task) {
        envelope(job, task, "ttlMs", "pollIntervalMs");
    }

    /** The task's fields, the same in both shapes but for the names of the TTL and the poll interval (2026-07-28 says the unit). */
    private static void envelope(Job job, ObjectNode task, String ttlField, String pollField) {
        task.put("taskId", job.id());
        task.put("status", job.status().wire());
        if (job.statusMessage() != null) {
            task.put("statusMessage", job.statusMessage());
        }
        task.put("createdAt", Instant.ofEpochMilli(job.createdAt()).toString());
        task.put("lastUpdatedAt", Instant.ofEpochMilli(job.updatedAt()).toString());
        task.put(ttlField, job.expiresAt() - job.createdAt());
        task.put(pollField, POLL_INTERVAL_MS);
    }

    // ------------------------------------------------------------------ both

    private Job find(McpParams.TaskId task) {
        Optional<Job> job = jobs.get(Callers.current(), task.taskId());
        return job.orElseThrow(() -> unknownTask(task.taskId()));
    }

    private static JsonRpcException unknownTask(String id) {
        return JsonRpcException.invalidParams("Invalid params: no task '" + id + "' (unknown, expired, or not yours)");
    }
}
