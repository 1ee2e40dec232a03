package dev.zen.gateway.core;

import java.util.concurrent.CompletableFuture;

/**
 * A tool call on its way: its id and the result it will end with (completed on the bus's reader
 * thread, or by the gateway's own timeout or cancel). Never completes exceptionally.
 */
public record PendingCall(String callId, CompletableFuture<CallResult> result) {
}
