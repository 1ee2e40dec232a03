package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;

/**
 * Text for a regex match that gives up when the thread is interrupted. A model's regex can backtrack
 * catastrophically, and {@link java.util.regex.Matcher} never checks for interruption by itself: the
 * runtime's interrupt at the deadline reaches it through {@link #charAt(int)}. Not thread safe; one
 * instance per match.
 */
final class InterruptibleText implements CharSequence {

    private static final int CHECK_EVERY = 4096;

    private final CharSequence text;
    private int reads;

    InterruptibleText(CharSequence text) {
        this.text = text;
    }

    @Override
    public char charAt(int index) {
        if (++reads % CHECK_EVERY == 0 && Thread.currentThread().isInterrupted()) {
            throw new ToolFailure("Expected the content pattern to finish before the call's deadline, but it did "
                    + "not (it may backtrack too much; simplify it)");
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new InterruptibleText(text.subSequence(start, end));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
