package dev.zen.worker.runtime;

/** Thrown by a resource reader when the URI names nothing: the client gets MCP's -32002 with the URI. */
public class ResourceNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String uri;

    public ResourceNotFound(String uri, String message) {
        super(message);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
