package dev.zen.gateway.rest;

import dev.zen.gateway.core.CallRejected;
import dev.zen.gateway.core.CallResult;
import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.ServiceInstance;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.gateway.core.ToolEntry;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plain HTTP API beside MCP: health, service discovery in the seed's format, the tool list, and
 * HTTP → MCP translation ({@code POST /v1/tools/{name}}, body = arguments, answer = CallToolResult).
 * Errors are JSON-RPC error objects under {@code error}, with the HTTP status that fits.
 */
@RestController
final class RestApiController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolCatalog catalog;
    private final CallService calls;
    private final dev.zen.gateway.core.CommandBus bus;
    private final RecordCodec codec;
    private final TopicCatalogue topics;
    private final dev.zen.gateway.core.AccessPolicy policy;
    private final dev.zen.gateway.core.RateLimiter limiter;
    private final Instant startedAt = Instant.now();
    private final String version;

    RestApiController(ToolCatalog catalog, CallService calls, dev.zen.gateway.core.CommandBus bus, RecordCodec codec,
            TopicCatalogue topics, dev.zen.gateway.BuildVersion version, dev.zen.gateway.core.AccessPolicy policy,
            dev.zen.gateway.core.RateLimiter limiter) {
        this.policy = policy;
        this.limiter = limiter;
        this.catalog = catalog;
        this.calls = calls;
        this.bus = bus;
        this.codec = codec;
        this.topics = topics;
        this.version = version.value();
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> health() {
        long now = catalog.now();
        ObjectNode body = JSON.objectNode();
        ObjectNode services = JSON.objectNode();
        boolean allHealthy = true;
        for (Map.Entry<String, List<ServiceInstance>> service : catalog.services().entrySet()) {
            long healthy = service.getValue().stream().filter(i -> i.healthy(now)).count();
            allHealthy &= healthy > 0;
            ObjectNode entry = services.putObject(service.getKey())
                    .put("status", healthy > 0 ? "healthy" : "unhealthy")
                    .put("instances", healthy);
            supervision(entry, service.getValue());
            warnings(entry, service.getValue());
        }
        boolean kafka = bus.connected();
        body.put("status", allHealthy && kafka ? "ok" : "degraded");
        body.put("timestamp", Instant.now().toString());
        body.put("version", version);
        body.put("uptime", uptime(Duration.between(startedAt, Instant.now())));
        body.putObject("kafka").put("status", kafka ? "up" : "down");
        body.putObject("rateLimits").put("status", limiter.health());
        body.set("services", services);
        return ResponseEntity.ok(body);
    }

    /**
     * What the process supervisor reported through the instances' announcements: restarts after a
     * death, and how the last one ended. A crash loop shows as an unhealthy service whose count grows.
     */
    private static void supervision(ObjectNode entry, List<ServiceInstance> instances) {
        int restarts = 0;
        String lastExit = null;
        long latest = Long.MIN_VALUE;
        for (ServiceInstance instance : instances) {
            var a = instance.announcement();
            restarts += a.restarts() == null ? 0 : a.restarts();
            if (a.lastExit() != null && a.startedAt() > latest) {
                latest = a.startedAt();
                lastExit = a.lastExit();
            }
        }
        entry.put("restarts", restarts);
        if (lastExit != null) {
            entry.put("lastExit", lastExit);
        }
    }

    /**
     * What the service's instances announced to operators (e.g. that a sandbox is off), each warning
     * once; left out when none has any, so that the answer of a service without warnings is unchanged.
     */
    private static void warnings(ObjectNode entry, List<ServiceInstance> instances) {
        List<String> all = instances.stream().flatMap(i -> i.announcement().warnings().stream()).distinct().toList();
        if (!all.isEmpty()) {
            all.forEach(entry.putArray("warnings")::add);
        }
    }

    @GetMapping(path = "/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode services() {
        long now = catalog.now();
        ObjectNode body = JSON.objectNode();
        ArrayNode services = body.putArray("services");
        catalog.services().forEach((name, instances) -> {
            ObjectNode service = services.addObject();
            service.put("name", name);
            long healthy = instances.stream().filter(i -> i.healthy(now)).count();
            service.put("status", healthy > 0 ? "healthy" : "unhealthy");
            warnings(service, instances);
            ArrayNode tools = service.putArray("tools");
            ArrayNode topicsOfService = service.putArray("topics");
            // each caller sees only the tools it may call
            instances.stream().flatMap(i -> i.announcement().tools().stream()).map(ToolDescriptor::name).distinct().sorted()
                    .filter(t -> policy.mayCallTool(dev.zen.gateway.security.Callers.current(), t))
                    .forEach(t -> {
                        tools.add(t);
                        topicsOfService.add(topics.tool(t));
                    });
            ArrayNode array = service.putArray("instances");
            for (ServiceInstance instance : instances) {
                var a = instance.announcement();
                ObjectNode node = array.addObject();
                node.put("id", a.instance());
                if (a.host() != null) {
                    node.put("host", a.host());
                }
                if (a.version() != null) {
                    node.put("version", a.version());
                }
                node.put("status", instance.status(now));
                node.put("startedAt", Instant.ofEpochMilli(a.startedAt()).toString());
                node.put("heartbeatAt", Instant.ofEpochMilli(a.heartbeatAt()).toString());
                node.put("restarts", a.restarts() == null ? 0 : a.restarts());
                if (a.lastExit() != null) {
                    node.put("lastExit", a.lastExit());
                }
                if (!a.warnings().isEmpty()) {
                    a.warnings().forEach(node.putArray("warnings")::add);
                }
            }
        });
        return body;
    }

    @GetMapping(path = "/v1/tools", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode tools() {
        ObjectNode body = JSON.objectNode();
        ArrayNode array = body.putArray("tools");
        for (ToolEntry entry : catalog.liveTools()) {
            if (!policy.mayCallTool(dev.zen.gateway.security.Callers.current(), entry.name())) {
                continue; // each caller sees only what it may call
            }
            ObjectNode tool = (ObjectNode) codec.toTree(entry.descriptor());
            tool.remove("taskSupport");
            tool.put("service", entry.service());
            array.add(tool);
        }
        return body;
    }

    @PostMapping(path = "/v1/tools/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> call(@PathVariable String name, @RequestBody(required = false) byte[] body) {
        JsonNode arguments;
        try {
            arguments = body == null || body.length == 0 ? JSON.objectNode() : dev.zen.gateway.web.RequestJson.read(body);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, -32700, "Parse error: " + e.getOriginalMessage(), null);
        }
        if (!arguments.isObject()) {
            return error(HttpStatus.BAD_REQUEST, -32602, "Invalid params: the body must be a JSON object of arguments, but was "
                    + arguments.getNodeType(), null);
        }
        try {
            CallResult result = calls.call(name, arguments, dev.zen.gateway.security.Callers.current(), null);
            HttpStatus status = switch (result.status()) {
                case OK -> HttpStatus.OK;
                case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
                case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
                case FAILED -> HttpStatus.BAD_GATEWAY;
                case CANCELLED -> HttpStatus.CONFLICT;
            };
            return ResponseEntity.status(status).body(dev.zen.gateway.core.ResultMeta.render(result, codec));
        } catch (dev.zen.gateway.core.RateLimited limited) {
            return RestErrors.tooMany(limited);
        } catch (CallRejected rejected) {
            ObjectNode data = null;
            if (!rejected.violations().isEmpty()) {
                data = JSON.objectNode();
                ArrayNode errors = data.putArray("errors");
                rejected.violations().forEach(v -> errors.addObject().put("pointer", v.pointer()).put("message", v.message()));
            }
            if (rejected.reason() == CallRejected.Reason.FORBIDDEN) {
                return RestErrors.forbidden(rejected.getMessage(), null);
            }
            HttpStatus status = rejected.reason() == CallRejected.Reason.UNKNOWN_TOOL ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
            return error(status, -32602, rejected.getMessage(), data);
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<JsonNode> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof dev.zen.gateway.web.BodyLimitFilter.BodyTooLargeException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            return error(HttpStatus.CONTENT_TOO_LARGE, -32600, "Payload Too Large: " + cause.getMessage(), null);
        }
        return error(HttpStatus.BAD_REQUEST, -32700, "Parse error: the body could not be read", null);
    }

    private static ResponseEntity<JsonNode> error(HttpStatus status, int code, String message, JsonNode data) {
        return RestErrors.error(status, code, message, data);
    }

    private static String uptime(Duration uptime) {
        if (uptime.toHours() > 0) {
            return uptime.toHours() + "h";
        }
        if (uptime.toMinutes() > 0) {
            return uptime.toMinutes() + "m";
        }
        return uptime.toSeconds() + "s";
    }
}
