package dev.zen.gateway.rest;

import dev.zen.gateway.core.CallRejected;
import dev.zen.gateway.core.InvalidJobRequest;
import dev.zen.gateway.core.JobJson;
import dev.zen.gateway.core.JobService;
import dev.zen.gateway.core.RateLimited;
import dev.zen.gateway.security.Callers;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Long jobs over plain HTTP: {@code POST /v1/jobs} (202), {@code GET /v1/jobs/{id}},
 * {@code GET /v1/jobs?status=&tool=&cursor=&limit=} (the caller's own), {@code DELETE /v1/jobs/{id}}
 * (cancel). Errors are {@code {"error": {code, message, data}}} with the HTTP status saying what
 * kind; {@code data.field} names the request field that is wrong.
 */
@RestController
final class JobsController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_KEY = 200;

    private final JobService jobs;
    private final RecordCodec codec;

    JobsController(JobService jobs, RecordCodec codec) {
        this.jobs = jobs;
        this.codec = codec;
    }

    @PostMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> submit(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : dev.zen.gateway.web.RequestJson.read(body);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, -32700, "Parse error: " + e.getOriginalMessage(), null);
        }
        if (request == null || !request.isObject()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected a JSON object {\"tool\", \"arguments\", \"callback\", \"ttl_seconds\"}", "body");
        }
        JsonNode tool = request.path("tool");
        if (!tool.isString() || tool.asString().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected 'tool' to name a tool", "tool");
        }
        JsonNode arguments = request.has("arguments") ? request.get("arguments") : JSON.objectNode();
        if (!arguments.isObject()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected 'arguments' to be an object, but was " + arguments.getNodeType(), "arguments");
        }
        JsonNode callback = request.path("callback");
        if (!callback.isMissingNode() && !callback.isNull() && !callback.isObject()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected 'callback' to be an object {\"url\", \"secret\"}", "callback");
        }
        String url = textOrNull(callback.path("url"));
        String secret = textOrNull(callback.path("secret"));
        if (callback.path("secret").isArray()) { // several during a key rotation: each delivery is signed with each
            java.util.List<String> secrets = new java.util.ArrayList<>();
            for (JsonNode one : callback.path("secret")) {
                if (!one.isString() || one.asString().isBlank() || one.asString().contains(" ")) {
                    return error(HttpStatus.BAD_REQUEST, -32602, "Expected callback.secret to be a whsec_ secret or an array of them",
                            "callback.secret");
                }
                secrets.add(one.asString());
            }
            if (secrets.isEmpty() || secrets.size() > 3) {
                return error(HttpStatus.BAD_REQUEST, -32602, "Expected 1 to 3 secrets in callback.secret, but it has " + secrets.size(),
                        "callback.secret");
            }
            secret = String.join(" ", secrets);
        }
        if (callback.isObject() && url == null) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected callback.url to be a string", "callback.url");
        }
        JsonNode ttl = request.path("ttl_seconds");
        if (!ttl.isMissingNode() && !ttl.isNull() && !ttl.canConvertToLong()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected ttl_seconds to be an integer number of seconds", "ttl_seconds");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY)) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected an Idempotency-Key of 1 to " + MAX_KEY + " characters", "Idempotency-Key");
        }
        Principal caller = Callers.current();
        try {
            JobService.Accepted accepted = jobs.submit(caller, tool.asString(), arguments, url, secret,
                    ttl.isMissingNode() || ttl.isNull() ? null : ttl.asLong(), idempotencyKey);
            ObjectNode view = JobJson.render(accepted.job(), codec);
            if (accepted.generatedSecret() != null) {
                view.withObject("callback").put("secret", accepted.generatedSecret());
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/v1/jobs/" + accepted.job().id())
                    .contentType(MediaType.APPLICATION_JSON).body(view);
        } catch (InvalidJobRequest e) {
            return error(HttpStatus.BAD_REQUEST, -32602, e.getMessage(), e.field());
        } catch (CallRejected e) {
            return switch (e.reason()) {
                case UNKNOWN_TOOL -> error(HttpStatus.NOT_FOUND, -32602, e.getMessage(), "tool");
                case FORBIDDEN -> RestErrors.forbidden(e.getMessage(), JSON.objectNode().put("field", "tool"));
                case INVALID_ARGUMENTS -> error(HttpStatus.BAD_REQUEST, -32602, e.getMessage(),
                        "arguments" + (e.violations().isEmpty() ? "" : e.violations().get(0).pointer()));
            };
        } catch (RateLimited e) {
            return RestErrors.tooMany(e);
        } catch (IllegalStateException e) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, -32603, e.getMessage(), null);
        }
    }

    @GetMapping(path = "/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> get(@PathVariable String id) {
        return found(jobs.get(Callers.current(), id), id);
    }

    @DeleteMapping(path = "/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> cancel(@PathVariable String id) {
        Optional<Job> before = jobs.get(Callers.current(), id);
        if (before.isPresent() && before.get().status().terminal()) {
            return error(HttpStatus.CONFLICT, -32602, "Job " + id + " already ended: " + before.get().status().wire(), "id");
        }
        Optional<Job> job = jobs.cancel(Callers.current(), id);
        return job.isEmpty() ? found(job, id) : ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .body(JobJson.render(job.get(), codec));
    }

    @GetMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> list(@RequestParam(required = false) String status, @RequestParam(required = false) String tool,
            @RequestParam(required = false) String cursor, @RequestParam(required = false, defaultValue = "50") int limit) {
        JobStatus wanted = null;
        if (status != null) {
            wanted = JobStatus.of(status);
            if (wanted == null) {
                return error(HttpStatus.BAD_REQUEST, -32602, "Expected status working, input_required, completed, failed or cancelled, but was '"
                        + status + "'", "status");
            }
        }
        if (limit < 1 || limit > 500) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Expected limit between 1 and 500, but was " + limit, "limit");
        }
        try {
            JobService.Page page = jobs.list(Callers.current(), wanted, tool, cursor, limit);
            ObjectNode body = JSON.objectNode();
            var array = body.putArray("jobs");
            page.jobs().forEach(job -> array.add(JobJson.render(job, codec)));
            if (page.nextCursor() != null) {
                body.put("nextCursor", page.nextCursor());
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        } catch (InvalidJobRequest e) {
            return error(HttpStatus.BAD_REQUEST, -32602, e.getMessage(), e.field());
        }
    }

    private ResponseEntity<JsonNode> found(Optional<Job> job, String id) {
        return job.<ResponseEntity<JsonNode>>map(j -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JobJson.render(j, codec)))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, -32602, "No job " + id + " of yours (it may have expired)", "id"));
    }

    private static String textOrNull(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static ResponseEntity<JsonNode> error(HttpStatus status, int code, String message, String field) {
        return RestErrors.fieldError(status, code, message, field);
    }
}
