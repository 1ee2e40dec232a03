package dev.zen.worker.runtime;

/**
 * Thrown when a handler needs a client capability the client did not declare (e.g. asks for sampling
 * from a client without {@code sampling}). The caller learns which capability: a 2026-07-28 client
 * gets JSON-RPC -32021 with {@code data.requiredCapabilities}, an older one a tool error.
 */
public class MissingClientCapability extends ToolFailure {

    private static final long serialVersionUID = 1L;
    private final String capability;

    public MissingClientCapability(String capability, String message) {
        super(message);
        this.capability = capability;
    }

    public String capability() {
        return capability;
    }
}
