package dev.zen.schemas;

/** A record's bytes are not a readable record of the expected kind. Never retryable. */
public final class RecordDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
