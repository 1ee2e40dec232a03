package dev.zen.worker.runtime;

/**
 * Thrown by a handler for a failure the caller should see as a tool error ({@code isError: true}):
 * never retried, never dead-lettered. The message goes to the model as is, so it must say what was
 * wrong and must not leak secrets.
 */
public class ToolFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolFailure(String message) {
        super(message);
    }

    public ToolFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
