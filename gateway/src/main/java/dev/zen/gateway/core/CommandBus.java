package dev.zen.gateway.core;

import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which the core sends a command and learns its reply. The Kafka adapter writes to
 * the tool's topic and completes the future from the reply topic. Thread safe.
 */
public interface CommandBus {

    /** Sends a sync command; the future completes with the worker's reply (never exceptionally on timeout: the caller bounds the wait). */
    CompletableFuture<ToolReply> send(ToolCommand command);

    /** Forgets a call the caller stopped waiting for. */
    void abandon(String callId);

    /** The reply-to the commands carry. */
    dev.zen.schemas.ReplyTo replyTo();

    /** Whether the bus heard from its cluster recently (for /health). */
    boolean connected();
}
