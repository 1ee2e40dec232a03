package dev.zen.gateway.core;

import dev.zen.schemas.RpcError;

/** A service request answered with a JSON-RPC error (by the worker, or by the gateway when no worker could answer). */
public final class ServiceRequestFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient RpcError error;

    public ServiceRequestFailed(RpcError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public RpcError error() {
        return error;
    }
}
