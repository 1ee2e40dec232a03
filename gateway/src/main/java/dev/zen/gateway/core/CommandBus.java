package dev.zen.gateway.core;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ServerNotice;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The port through which the core talks to workers: sends commands and service requests and learns
 * their replies, hears a call's events, relays a client's answers to workers, and hears notices.
 * The Kafka adapter writes and reads records. Thread safe.
 */
public interface CommandBus {

    /**
     * Sends a sync command; the future completes with the worker's reply (never exceptionally on
     * timeout: the caller bounds the wait). {@code events} hears the call's events, in order and all
     * before the future completes, on the bus's reader thread: it must not block.
     */
    CompletableFuture<ToolReply> send(ToolCommand command, Consumer<CallEvent> events);

    /** Sends a command whose events nobody listens to. */
    default CompletableFuture<ToolReply> send(ToolCommand command) {
        return send(command, event -> { });
    }

    /** Sends an async command (a job's): the future completes when the broker has it. Its reply goes to the results topic. */
    CompletableFuture<Void> dispatch(ToolCommand command);

    /** Sends a service request (resources, prompts, completion); like {@link #send}, {@code events} hears its events. */
    CompletableFuture<ServiceResponse> request(ServiceRequest request, Consumer<CallEvent> events);

    /** Forgets a call or request the caller stopped waiting for. */
    void abandon(String id);

    /** Relays a client's answer or cancel to the workers. */
    CompletableFuture<Void> relay(ClientAnswer answer);

    /** Registers a listener for notices (e.g. resource updates), called on the bus's reader thread. */
    void onNotice(Consumer<ServerNotice> listener);

    /** The reply-to the commands carry. */
    dev.zen.schemas.ReplyTo replyTo();

    /** Whether the bus heard from its cluster recently (for /health). */
    boolean connected();
}
