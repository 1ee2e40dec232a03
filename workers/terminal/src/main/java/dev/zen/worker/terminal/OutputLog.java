package dev.zen.worker.terminal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A background process's output (stdout and stderr together, as a terminal shows them), addressed by
 * byte offset from its start. Keeps the newest {@code capacity} bytes: a read from an offset that was
 * dropped starts at the oldest kept byte and says how many were skipped. Readers may wait for output.
 * Thread-safe.
 */
final class OutputLog {

    /** One read: text from {@code offset} up to {@code nextOffset}, {@code skipped} bytes dropped before it. */
    record Chunk(String text, long offset, long nextOffset, long skipped, boolean more) {
    }

    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long total;
    private boolean closed;

    OutputLog(int capacity) {
        this.ring = new byte[capacity];
    }

    void append(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            // only the last ring.length bytes of the chunk can stay
            int skip = Math.max(0, length - ring.length);
            total += skip;
            for (int done = skip; done < length;) {
                int at = (int) (total % ring.length);
                int piece = Math.min(length - done, ring.length - at);
                System.arraycopy(bytes, offset + done, ring, at, piece);
                done += piece;
                total += piece;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more output will come (the process ended and its pipe is drained). */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long total() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code maxBytes} from {@code offset}; when nothing is there yet, waits up to {@code waitMillis}
     * for output or the end. The chunk never ends inside a UTF-8 character while more may follow.
     */
    Chunk read(long offset, int maxBytes, long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (offset >= total && !closed && waitNanos > 0) {
                waitNanos = changed.awaitNanos(waitNanos);
            }
            long oldest = Math.max(0, total - ring.length);
            long from = Math.max(Math.min(offset, total), oldest);
            long skipped = Math.max(0, Math.min(offset, total) < oldest ? oldest - offset : 0);
            long to = Math.min(total, from + maxBytes);
            byte[] bytes = new byte[(int) (to - from)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = ring[(int) ((from + i) % ring.length)];
            }
            int whole = to < total || !closed ? wholeCharacters(bytes) : bytes.length;
            if (whole == 0 && bytes.length > 0 && bytes.length < 4 && to < total) {
                whole = bytes.length; // a max_bytes below one character: give the bytes rather than nothing forever
            }
            return new Chunk(new String(bytes, 0, whole, StandardCharsets.UTF_8), from, from + whole, skipped, from + whole < total);
        } finally {
            lock.unlock();
        }
    }

    /** The length of {@code bytes} without a UTF-8 character cut at its end. */
    static int wholeCharacters(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= Math.min(3, end); back++) {
            int b = bytes[end - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for its lead
            }
            int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return need > back ? end - back : end;
        }
        return end;
    }
}
