package dev.zen.gateway.core;

/** A request refused because a rate limit is used up; nothing was sent. Says when to retry. */
public final class RateLimited extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterMillis;

    public RateLimited(String message, long retryAfterMillis) {
        super(message, null, false, false);
        this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** Whole seconds for the Retry-After header (at least 1). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
}
