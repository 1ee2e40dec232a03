package dev.zen.worker.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One streaming pass over a file for {@code file_analyze} (or over bytes in memory, for the
 * {@code file:///} resources): its SHA-256, its line count and a guess of its encoding (a BOM, NUL
 * bytes meaning binary, valid UTF-8, else ISO-8859-1, which decodes any byte). Not thread safe; one
 * instance per file.
 */
final class ContentProbe {

    static final String UTF_8 = "UTF-8";
    static final String UTF_8_BOM = "UTF-8 (BOM)";
    static final String UTF_16LE_BOM = "UTF-16LE (BOM)";
    static final String UTF_16BE_BOM = "UTF-16BE (BOM)";
    static final String ISO_8859_1 = "ISO-8859-1";
    static final String BINARY = "binary";
    static final String[] ENCODINGS = {UTF_8, UTF_8_BOM, UTF_16LE_BOM, UTF_16BE_BOM, ISO_8859_1, BINARY};

    private final MessageDigest sha256;
    private final byte[] head = new byte[3];
    private long size;
    private long newlines;
    private int last = -1;
    private boolean nul;
    private boolean validUtf8 = true;
    private int continuationBytes;

    private ContentProbe() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Expected every JDK to have SHA-256", e);
        }
    }

    /** Reads the whole file once. */
    static ContentProbe of(Path file) throws IOException {
        ContentProbe probe = new ContentProbe();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                DirectoryWalker.requireNotInterrupted();
                probe.update(buffer, read);
            }
        }
        return probe;
    }

    /** Probes content already in memory (a file read whole, as the resources read it). */
    static ContentProbe of(byte[] bytes) {
        ContentProbe probe = new ContentProbe();
        probe.update(bytes, bytes.length);
        return probe;
    }

    void update(byte[] bytes, int length) {
        sha256.update(bytes, 0, length);
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            if (size < head.length) {
                head[(int) size] = (byte) b;
            }
            size++;
            if (b == '\n') {
                newlines++;
            } else if (b == 0) {
                nul = true;
            }
            if (validUtf8) {
                validateUtf8(b);
            }
            last = b;
        }
    }

    /** Structure only (lead byte, continuation count): a small check, enough to tell UTF-8 from Latin-1. */
    private void validateUtf8(int b) {
        if (continuationBytes > 0) {
            if ((b & 0xC0) == 0x80) {
                continuationBytes--;
            } else {
                validUtf8 = false;
            }
        } else if (b >= 0x80) {
            if (b >= 0xC2 && b <= 0xDF) {
                continuationBytes = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuationBytes = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuationBytes = 3;
            } else {
                validUtf8 = false;
            }
        }
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    String encoding() {
        if (size >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return UTF_16LE_BOM;
        }
        if (size >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return UTF_16BE_BOM;
        }
        if (nul) {
            return BINARY;
        }
        boolean utf8 = validUtf8 && continuationBytes == 0;
        if (utf8 && size >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return UTF_8_BOM;
        }
        return utf8 ? UTF_8 : ISO_8859_1;
    }

    /** Whether lines can be counted by their '\n' bytes: a one-byte-newline text encoding. */
    boolean lineCountable() {
        String encoding = encoding();
        return encoding.equals(UTF_8) || encoding.equals(UTF_8_BOM) || encoding.equals(ISO_8859_1);
    }

    /** Lines as an editor counts them: a last line without a final newline counts too. */
    long lineCount() {
        return newlines + (size > 0 && last != '\n' ? 1 : 0);
    }
}
