package dev.zen.worker.runtime;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ServerNotice;

/** Where a {@link RelayChannel} sends what a handler says to its client. The Kafka adapter writes records. */
interface CallEventSink {

    /** Sends an event of the call, in order with its other events and before its reply; never blocks on the broker. */
    void event(CallEvent event);

    /** Sends a notification for every interested client (not tied to the call). */
    void notice(ServerNotice notice);
}
