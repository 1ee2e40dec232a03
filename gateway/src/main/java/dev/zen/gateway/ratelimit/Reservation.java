package dev.zen.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens one replica has taken ahead of need from a shared bucket ({@link RedisRateLimiter}), and
 * serves calls from without asking Redis: a batch of a large bucket, one token of a small one. At
 * most one request for more is under way at a time ({@link #startTopUp}), so a reservation never
 * holds more than one and a half batches however many calls find it empty at once. Tokens not used
 * within the bucket's window of being reserved are dropped (so that a replica that stopped seeing a
 * caller does not hold its tokens for ever). Lock-free on the call path: every call of one caller
 * takes from the same reservation, and at concurrency 64 a monitor there would queue them. Thread safe.
 */
final class Reservation {

    private final long batch;
    private final long windowMillis;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicBoolean toppingUp = new AtomicBoolean();
    private volatile long expiresAt;

    Reservation(long batch, long windowMillis) {
        this.batch = batch;
        this.windowMillis = windowMillis;
    }

    /** How many tokens one top-up asks for. */
    long batch() {
        return batch;
    }

    /** Takes one token, if there is one and it is not past its window. */
    boolean take(long now) {
        if (now >= expiresAt) {
            return false;
        }
        for (long held = tokens.get(); held > 0; held = tokens.get()) {
            if (tokens.compareAndSet(held, held - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Returns a token taken by {@link #take} for a call that was refused after all. */
    void giveBack() {
        tokens.incrementAndGet();
    }

    /**
     * Whether to ask for more now (the reservation is half used or past its window, and no request for
     * more is under way); if so, this caller's request is the one under way until {@link #toppedUp}.
     */
    boolean startTopUp(long now) {
        return (now >= expiresAt || tokens.get() < (batch + 1) / 2) && toppingUp.compareAndSet(false, true);
    }

    /** Adds the tokens a request for more reserved (0 when it failed or was refused) and ends it. */
    void toppedUp(long reserved, long now) {
        add(reserved, now);
        toppingUp.set(false);
    }

    /** Adds the tokens a round trip reserved; tokens past their window are dropped first. */
    private synchronized void add(long reserved, long now) {
        if (reserved <= 0) {
            return;
        }
        if (now >= expiresAt) {
            tokens.set(reserved);
        } else {
            tokens.addAndGet(reserved);
        }
        expiresAt = now + windowMillis;
    }

    /** Whether its tokens are past their window (or it never held any) and no top-up is under way. */
    boolean expired(long now) {
        return now >= expiresAt && !toppingUp.get();
    }

    /** Tokens held now (0 once past their window), for tests. */
    long held() {
        return System.currentTimeMillis() >= expiresAt ? 0 : tokens.get();
    }
}
