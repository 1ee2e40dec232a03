package dev.zen.worker.runtime;

import dev.zen.schemas.CallToolResult;

/**
 * One tool's logic: arguments in, {@link CallToolResult} out. Plain Java: no Kafka type is in
 * sight. Called on a virtual thread, possibly concurrently with other calls, so implementations
 * must be thread safe; blocking I/O is fine.
 *
 * <p>A failure the model should see (no such file, bad pattern) is returned as
 * {@link CallToolResult#error(String)} or thrown as {@link ToolFailure}. Any other exception is a
 * crash: the runtime retries it and, if it keeps failing, sends the command to the dead-letter
 * topic. The thread is interrupted when the call's deadline passes.
 */
@FunctionalInterface
public interface ToolHandler {

    CallToolResult handle(ToolCall call) throws Exception;
}
