package dev.zen.gateway.ratelimit;

/**
 * Tokens one replica has taken ahead of need from a large shared bucket ({@link RedisRateLimiter}),
 * and serves calls from without asking Redis. Tokens not used within the bucket's window of being
 * reserved are dropped (so that a replica that stopped seeing a caller does not hold its tokens for
 * ever). Thread safe.
 */
final class Reservation {

    private final long batch;
    private final long windowMillis;
    private long tokens;
    private long expiresAt;
    private boolean toppingUp;

    Reservation(long batch, long windowMillis) {
        this.batch = batch;
        this.windowMillis = windowMillis;
    }

    /** How many tokens one top-up asks for. */
    long batch() {
        return batch;
    }

    /** Takes one token, if there is one. */
    synchronized boolean take(long now) {
        if (now >= expiresAt) {
            tokens = 0;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Returns a token taken by {@link #take} for a call that was refused after all. */
    synchronized void giveBack() {
        tokens++;
    }

    /** Whether a top-up should start now (the reservation is half used and none is under way); if so, one is. */
    synchronized boolean startTopUp() {
        if (toppingUp || tokens >= batch / 2) {
            return false;
        }
        toppingUp = true;
        return true;
    }

    /** Adds the tokens a top-up reserved (0 when it failed) and ends it. */
    synchronized void toppedUp(long reserved, long now) {
        toppingUp = false;
        add(reserved, now);
    }

    /** Adds the tokens a call's own round trip reserved. */
    synchronized void add(long reserved, long now) {
        if (reserved > 0) {
            tokens = (now >= expiresAt ? 0 : tokens) + reserved;
            expiresAt = now + windowMillis;
        }
    }

    /** Whether its tokens are past their window (or it never held any) and no top-up is under way. */
    synchronized boolean expired(long now) {
        return now >= expiresAt && !toppingUp;
    }

    /** Tokens held now, for tests. */
    synchronized long held() {
        return tokens;
    }
}
