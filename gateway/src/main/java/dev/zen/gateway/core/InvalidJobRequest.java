package dev.zen.gateway.core;

/** A job request refused before anything was stored or sent (400): {@link #field} names what is wrong. */
public final class InvalidJobRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidJobRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
