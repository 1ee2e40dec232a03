package dev.zen.worker.filesystem;

import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the content of one file for the model, after the jail's checks: inside the root, a regular
 * file, an allowed extension (of the name asked for and of a link's target) and not above the size
 * limit. Stateless.
 */
final class TextFileReader {

    private final PathJail jail;

    TextFileReader(PathJail jail) {
        this.jail = jail;
    }

    /** The file a user path names, checked for reading or editing, with its bytes. */
    TextFile read(String userPath) throws IOException {
        JailedPath file = checkedFile(userPath);
        byte[] bytes = Files.readAllBytes(file.path());
        // the file may have grown between the size check and the read
        jail.requireWithinSizeLimit(file.path(), bytes.length);
        return new TextFile(file, bytes);
    }

    /** The checks of {@link #read(String)} without reading the content. */
    JailedPath checkedFile(String userPath) throws IOException {
        JailedPath file = jail.resolve(userPath);
        if (!Files.exists(file.path())) {
            throw new ToolFailure("Expected a file at '" + file.relative() + "', but nothing is there");
        }
        if (!Files.isRegularFile(file.path())) {
            throw new ToolFailure("Expected a file at '" + file.relative() + "', but it is a "
                    + (Files.isDirectory(file.path()) ? "directory" : "special file"));
        }
        jail.requireAllowedExtension(file.entry());
        if (!file.path().equals(file.entry())) {
            jail.requireAllowedExtension(file.path());
        }
        jail.requireWithinSizeLimit(file.path(), Files.size(file.path()));
        return file;
    }

    static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ToolFailure("Expected a supported encoding such as UTF-8 or ISO-8859-1, but '" + name
                    + "' is not one");
        }
    }

    /** Splits text into lines that keep their terminators, so that joining them gives the text back. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Bytes of {@code text} in UTF-8, what an answer carries, without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate counts as the U+FFFD it may become: never fewer bytes than it takes
            }
        }
        return bytes;
    }

    /** The longest start of {@code text} that is at most {@code maxBytes} in UTF-8, never splitting a character. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    /** A file read after its checks. */
    record TextFile(JailedPath file, byte[] bytes) {

        /** The text in {@code charset}; malformed input becomes U+FFFD, as a reader shows it. */
        String text(Charset charset) {
            return new String(bytes, charset);
        }

        /** The text as strict UTF-8, refusing bytes that are not: an edit must not corrupt what it does not show. */
        String strictUtf8() {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ToolFailure("Expected '" + file.relative() + "' to be UTF-8 text, but it is not");
            }
        }
    }
}
