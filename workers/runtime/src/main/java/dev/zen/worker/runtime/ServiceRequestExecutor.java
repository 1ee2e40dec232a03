package dev.zen.worker.runtime;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.RpcError;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import dev.zen.schemas.WorkerRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the MCP requests other than tool calls that reach a service: {@code resources/read},
 * {@code resources/subscribe}, {@code resources/unsubscribe}, {@code prompts/get} and
 * {@code completion/complete}, with the service's resources, templates and prompts. Knows nothing of
 * Kafka. Errors are JSON-RPC errors the gateway passes on: -32002 for an unknown resource, -32602 for
 * bad params or an unknown prompt, -32603 when a handler crashed. Thread safe.
 */
final class ServiceRequestExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int MAX_COMPLETIONS = 100;

    private final Map<String, ResourceDefinition> resources = new LinkedHashMap<>();
    private final List<ResourceTemplateDefinition> templates;
    private final Map<String, PromptDefinition> prompts = new LinkedHashMap<>();
    private final WorkerRef worker;
    private final Supplier<AccessGrants> grants;

    ServiceRequestExecutor(ServiceDefinition service, WorkerRef worker) {
        this(service, worker, () -> null);
    }

    /** @param grants the access policy in force (null: none was published), handed to readers, prompts and completers */
    ServiceRequestExecutor(ServiceDefinition service, WorkerRef worker, Supplier<AccessGrants> grants) {
        this.grants = grants;
        service.resources().forEach(r -> resources.put(r.uri(), r));
        service.prompts().forEach(p -> prompts.put(p.name(), p));
        this.templates = service.resourceTemplates();
        this.worker = worker;
    }

    ServiceResponse execute(ServiceRequest request, ClientChannel client) {
        long now = System.currentTimeMillis();
        if (request.remainingMillis(now) <= 0) {
            return error(request, RpcError.INTERNAL_ERROR, "Expected to answer " + request.method()
                    + " before its deadline, but the deadline passed before the worker took the request", null);
        }
        try {
            JsonNode result = switch (request.method()) {
                case "resources/read" -> read(request, client);
                case "resources/subscribe" -> subscribe(request, client, true);
                case "resources/unsubscribe" -> subscribe(request, client, false);
                case "prompts/get" -> prompt(request, client);
                case "completion/complete" -> complete(request, client);
                default -> throw new Refused(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method(), null);
            };
            if (result == null || !result.isObject()) {
                throw new IllegalStateException("the handler returned " + (result == null ? "nothing" : result.getNodeType()));
            }
            return ServiceResponse.ofResult(request, result, worker, System.currentTimeMillis());
        } catch (Refused e) {
            return error(request, e.code, e.getMessage(), e.data);
        } catch (ResourceNotFound e) {
            return error(request, RpcError.RESOURCE_NOT_FOUND, e.getMessage(), JSON.objectNode().put("uri", e.uri()));
        } catch (MissingClientCapability e) {
            ObjectNode data = JSON.objectNode();
            data.putObject("requiredCapabilities").putObject(e.capability());
            return error(request, RpcError.MISSING_CAPABILITY, e.getMessage(), data);
        } catch (ToolFailure e) {
            return error(request, RpcError.INVALID_PARAMS, e.getMessage(), null);
        } catch (InterruptedException e) {
            return error(request, RpcError.INTERNAL_ERROR, "Expected " + request.method() + " to finish, but it was interrupted", null);
        } catch (Exception | LinkageError | StackOverflowError e) {
            return error(request, RpcError.INTERNAL_ERROR, "Internal error: " + request.method() + " failed in service "
                    + worker.service() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private JsonNode read(ServiceRequest request, ClientChannel client) throws Exception {
        String uri = uri(request);
        Addressed resource = address(uri);
        return resource.reader().read(uri, resource.call(request, client, grants.get()));
    }

    /** A subscription to a resource the caller may read (asked of its reader); an unsubscription to one that exists. */
    private JsonNode subscribe(ServiceRequest request, ClientChannel client, boolean subscribe) throws Exception {
        String uri = uri(request);
        Addressed resource = address(uri);
        if (subscribe && !resource.reader().maySubscribe(uri, resource.call(request, client, grants.get()))) {
            throw new ResourceNotFound(uri, "Resource not found: " + uri);
        }
        return JSON.objectNode();
    }

    /** The reader of {@code uri} and its template variables: a static resource first, then the first template that matches. */
    private Addressed address(String uri) {
        ResourceDefinition resource = resources.get(uri);
        if (resource != null) {
            return new Addressed(resource.reader(), Map.of());
        }
        for (ResourceTemplateDefinition template : templates) {
            Optional<Map<String, String>> variables = template.template().match(uri);
            if (variables.isPresent()) {
                return new Addressed(template.reader(), variables.get());
            }
        }
        throw new ResourceNotFound(uri, "Resource not found: " + uri);
    }

    private record Addressed(ResourceReader reader, Map<String, String> variables) {

        ServiceCall call(ServiceRequest request, ClientChannel client, AccessGrants grants) {
            return new ServiceCall(variables, request.principal(), client, grants);
        }
    }

    private JsonNode prompt(ServiceRequest request, ClientChannel client) throws Exception {
        JsonNode name = request.params().path("name");
        if (!name.isString()) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: 'name' must be a string naming the prompt", null);
        }
        PromptDefinition prompt = prompts.get(name.asString());
        if (prompt == null) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: unknown prompt '" + name.asString() + "'", null);
        }
        Map<String, String> arguments = stringArguments(request.params().path("arguments"), "arguments");
        List<String> missing = new ArrayList<>();
        for (String required : prompt.requiredArguments()) {
            if (!arguments.containsKey(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: prompt '" + prompt.name() + "' requires argument(s) " + missing,
                    null);
        }
        return prompt.handler().get(new ServiceCall(arguments, request.principal(), client, grants.get()));
    }

    private JsonNode complete(ServiceRequest request, ClientChannel client) throws Exception {
        JsonNode ref = request.params().path("ref");
        JsonNode argument = request.params().path("argument");
        if (!argument.path("name").isString() || !argument.path("value").isString()) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: 'argument' must have string 'name' and 'value'", null);
        }
        Map<String, String> context = stringArguments(request.params().path("context").path("arguments"), "context.arguments");
        Completer completer = switch (ref.path("type").asString("")) {
            case "ref/prompt" -> {
                PromptDefinition prompt = prompts.get(ref.path("name").asString(""));
                if (prompt == null) {
                    throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: unknown prompt '" + ref.path("name").asString("") + "'", null);
                }
                yield prompt.completer();
            }
            case "ref/resource" -> templates.stream()
                    .filter(t -> t.descriptor().path("uriTemplate").asString().equals(ref.path("uri").asString("")))
                    .findFirst()
                    .orElseThrow(() -> new ResourceNotFound(ref.path("uri").asString(""),
                            "Resource template not found: " + ref.path("uri").asString("")))
                    .completer();
            default -> throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: 'ref.type' must be 'ref/prompt' or 'ref/resource'", null);
        };
        List<String> values = completer == null ? List.of()
                : completer.complete(argument.path("name").asString(), argument.path("value").asString(),
                        new ServiceCall(context, request.principal(), client, grants.get()));
        ObjectNode result = JSON.objectNode();
        ObjectNode completion = result.putObject("completion");
        var array = completion.putArray("values");
        values.stream().limit(MAX_COMPLETIONS).forEach(array::add);
        completion.put("total", values.size());
        completion.put("hasMore", values.size() > MAX_COMPLETIONS);
        return result;
    }

    private static String uri(ServiceRequest request) {
        JsonNode uri = request.params().path("uri");
        if (!uri.isString() || uri.asString().isEmpty()) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: 'uri' must be a non-empty string", null);
        }
        return uri.asString();
    }

    private static Map<String, String> stringArguments(JsonNode arguments, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments.isMissingNode() || arguments.isNull()) {
            return values;
        }
        if (!arguments.isObject()) {
            throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: '" + field + "' must be an object of strings", null);
        }
        for (var entry : arguments.properties()) {
            if (!entry.getValue().isString()) {
                throw new Refused(RpcError.INVALID_PARAMS, "Invalid params: '" + field + "." + entry.getKey() + "' must be a string", null);
            }
            values.put(entry.getKey(), entry.getValue().asString());
        }
        return values;
    }

    private ServiceResponse error(ServiceRequest request, int code, String message, JsonNode data) {
        return ServiceResponse.ofError(request, new RpcError(code, message, data), worker, System.currentTimeMillis());
    }

    /** A request refused with a JSON-RPC error. */
    private static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final int code;
        private final transient JsonNode data;

        Refused(int code, String message, JsonNode data) {
            super(message, null, false, false);
            this.code = code;
            this.data = data;
        }
    }
}
