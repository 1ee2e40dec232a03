package dev.zen.worker.memory;

import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ResourceNotFound;
import dev.zen.worker.runtime.ResourceReader;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceCall;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Memories as MCP resources, {@code memory://{namespace}/{id}}: a client reads one, or subscribes and
 * hears when it is updated or deleted. A read reaches the caller's own namespace and the shared ones the
 * policy lets it read, as {@code get_memory} does; any other answers as a memory that does not exist.
 */
final class MemoryResources implements ResourceReader {

    static final String URI_TEMPLATE = "memory://{namespace}/{id}";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryResources.class);

    private final Memories memories;

    private MemoryResources(Memories memories) {
        this.memories = memories;
    }

    static ResourceTemplateDefinition definition(Memories memories) {
        ObjectNode descriptor = JsonNodeFactory.instance.objectNode().put("uriTemplate", URI_TEMPLATE).put("name", "memory")
                .put("title", "Memories").put("description", "A memory by namespace and id (memory://<namespace>/<id>, the uri "
                        + "the memory tools answer: your own namespace or a shared one you may read); subscribe to hear when it changes.").put("mimeType", "text/plain");
        return new ResourceTemplateDefinition(descriptor, new MemoryResources(memories));
    }

    /** The resource URI of a memory. */
    static String uri(Memory memory) {
        return uri(memory.namespace(), memory.id());
    }

    /** The resource URI of the memory {@code id} of {@code namespace}. */
    static String uri(String namespace, String id) {
        return "memory://" + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/" + id;
    }

    /** Tells subscribers a memory changed; best effort: the change has happened. */
    static void updated(ClientChannel client, Memory memory) {
        updated(client, memory.namespace(), memory.id());
    }

    /** Tells subscribers the memory {@code id} of {@code namespace} changed or went; best effort. */
    static void updated(ClientChannel client, String namespace, String id) {
        String uri = uri(namespace, id);
        try {
            client.resourceUpdated(uri);
        } catch (RuntimeException e) {
            LOG.warn("Could not tell subscribers that {} changed: {}", uri, e.toString());
        }
    }

    /** Only to a memory the caller may read: the same answer as a read, without the content. */
    @Override
    public boolean maySubscribe(String uri, ServiceCall call) {
        find(uri, call);
        return true;
    }

    @Override
    public JsonNode read(String uri, ServiceCall call) {
        Memory memory = find(uri, call);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("contents").addObject().put("uri", uri(memory)).put("mimeType", "text/plain").put("text", memory.content());
        return result;
    }

    /** The memory at {@code uri} if the caller may read it; otherwise not found, whether it exists or not. */
    private Memory find(String uri, ServiceCall call) {
        // the template's variables arrive decoded (memory://%7Eacme%3Aalice/<id> gives ~acme:alice)
        String namespace = call.argument("namespace") == null ? "" : call.argument("namespace");
        String id = call.argument("id");
        if (id == null || !Namespaces.mayUse(call.principal(), namespace, false, call.grants())) {
            throw new ResourceNotFound(uri, "Expected a memory of a namespace you may read, but there is none at " + uri);
        }
        return memories.store().get(namespace, id)
                .orElseThrow(() -> new ResourceNotFound(uri, "Expected a memory at " + uri + ", but there is none"));
    }
}
