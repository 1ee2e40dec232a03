package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolFailure;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bound on commands running at once on this worker ({@code TERMINAL_MAX_CONCURRENT}): a command
 * past it waits its turn for at most {@code TERMINAL_QUEUE_WAIT} (and never past its deadline), then is
 * refused with a clear error. Never hangs. Thread-safe.
 */
final class CommandSlots {

    private final Semaphore slots;
    private final int size;
    private final Duration wait;

    CommandSlots(int size, Duration wait) {
        this.slots = new Semaphore(size, true);
        this.size = size;
        this.wait = wait;
    }

    /**
     * Takes a slot, waiting at most the queue wait or {@code remainingMillis}, whichever is shorter.
     *
     * @throws ToolFailure when none frees in time
     */
    void acquire(long remainingMillis) throws InterruptedException {
        long waitMillis = Math.max(0, Math.min(wait.toMillis(), remainingMillis));
        if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new ToolFailure("Expected a free command slot on this worker, but all " + size + " (TERMINAL_MAX_CONCURRENT) stayed "
                    + "busy for " + waitMillis + " ms; nothing ran, retry later");
        }
    }

    void release() {
        slots.release();
    }

    /** Commands running now. */
    int busy() {
        return size - slots.availablePermits();
    }

    int size() {
        return size;
    }
}
