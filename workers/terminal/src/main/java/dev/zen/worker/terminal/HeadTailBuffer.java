package dev.zen.worker.terminal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream's output kept within a cap: all of it when it fits, else its head and its tail (a failing
 * command says why at the end), with the count of bytes left out between them. Thread-safe.
 */
final class HeadTailBuffer {

    private final int headCap;
    private final byte[] tail;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long total;
    private int tailStart;
    private int tailLength;

    HeadTailBuffer(int cap) {
        this.headCap = cap - cap / 2;
        this.tail = new byte[cap / 2];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, headCap - head.size());
        if (toHead > 0) {
            head.write(bytes, offset, toHead);
        }
        int rest = length - Math.max(toHead, 0);
        if (rest <= 0 || tail.length == 0) {
            return;
        }
        // only the last tail.length bytes of this chunk can stay: copy those, in at most two pieces per wrap
        int from = offset + length - Math.min(rest, tail.length);
        int count = offset + length - from;
        for (int done = 0; done < count;) {
            int at = (tailStart + tailLength) % tail.length;
            int piece = Math.min(count - done, tail.length - at);
            System.arraycopy(bytes, from + done, tail, at, piece);
            done += piece;
            int grow = Math.min(piece, tail.length - tailLength);
            tailLength += grow;
            tailStart = (tailStart + piece - grow) % tail.length;
        }
    }

    /** Bytes the stream wrote in all. */
    synchronized long total() {
        return total;
    }

    /** Whether some output was left out. */
    synchronized boolean truncated() {
        return total > head.size() + tailLength;
    }

    /** The kept output as UTF-8 text (malformed bytes replaced), with a marker where bytes were left out. */
    synchronized String text() {
        byte[] kept = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            kept[i] = tail[(tailStart + i) % tail.length];
        }
        String first = head.toString(StandardCharsets.UTF_8);
        String last = new String(kept, StandardCharsets.UTF_8);
        long omitted = total - head.size() - tailLength;
        return omitted > 0 ? first + "\n[… " + omitted + " bytes left out …]\n" + last : first + last;
    }
}
