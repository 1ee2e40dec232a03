package dev.zen.worker.runtime;

import dev.zen.schemas.ClientAnswer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each {@link ClientAnswer} to the running call it is for: a client's response to the channel
 * waiting for it, a cancel to the call it names (by call id, or by session + the client's request id).
 * A cancel for a call not running here is remembered for a while, so that a command still queued
 * when its cancel arrived is answered {@code cancelled} without being run. Thread safe.
 */
final class AnswerRouter {

    private static final long REMEMBER_CANCELS_MS = 10 * 60_000;
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, RelayChannel> byCall = new ConcurrentHashMap<>();
    private final Map<String, RelayChannel> byOrigin = new ConcurrentHashMap<>();
    private final Map<String, Long> cancelled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED || eldest.getValue() < System.currentTimeMillis() - REMEMBER_CANCELS_MS;
        }
    };

    /** Registers a running call; returns false (and registers nothing) when it was cancelled already. */
    boolean register(RelayChannel channel) {
        synchronized (cancelled) {
            if (cancelled.containsKey(channel.callId()) || (channel.originKey() != null && cancelled.containsKey(channel.originKey()))) {
                return false;
            }
            byCall.put(channel.callId(), channel);
            if (channel.originKey() != null) {
                byOrigin.put(channel.originKey(), channel);
            }
            return true;
        }
    }

    void unregister(RelayChannel channel) {
        byCall.remove(channel.callId(), channel);
        if (channel.originKey() != null) {
            byOrigin.remove(channel.originKey(), channel);
        }
    }

    void accept(ClientAnswer answer) {
        if (answer.kind() == ClientAnswer.Kind.RESPONSE) {
            RelayChannel channel = byCall.get(answer.callId());
            if (channel != null) {
                channel.answered(answer);
            }
            return;
        }
        RelayChannel channel;
        synchronized (cancelled) {
            channel = answer.callId() != null ? byCall.get(answer.callId()) : byOrigin.get(answer.key());
            if (channel == null) {
                cancelled.put(answer.key(), System.currentTimeMillis());
                return;
            }
        }
        if (answer.session() == null || answer.session().equals(sessionOf(channel))) {
            channel.cancel();
        }
    }

    private static String sessionOf(RelayChannel channel) {
        String origin = channel.originKey();
        return origin == null ? null : origin.substring(0, origin.indexOf('/'));
    }
}
