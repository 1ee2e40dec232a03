package dev.zen.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens one replica has taken ahead of need from a large shared bucket ({@link RedisRateLimiter}),
 * and serves calls from without asking Redis. Tokens not used within the bucket's window of being
 * reserved are dropped (so that a replica that stopped seeing a caller does not hold its tokens for
 * ever). Lock-free on the call path: every call of one caller takes from the same reservation, and
 * at concurrency 64 a monitor there would queue them. Thread safe.
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

    /** Whether a top-up should start now (the reservation is half used and none is under way); if so, one is. */
    boolean startTopUp() {
        return tokens.get() < batch / 2 && toppingUp.compareAndSet(false, true);
    }

    /** Adds the tokens a top-up reserved (0 when it failed) and ends it. */
    void toppedUp(long reserved, long now) {
        add(reserved, now);
        toppingUp.set(false);
    }

    /** Adds the tokens a round trip reserved; tokens past their window are dropped first. */
    synchronized void add(long reserved, long now) {
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
