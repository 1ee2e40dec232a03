package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backup directory ({@code DATABASE_BACKUP_DIR}): names new dumps {@code <source>-<UTC time>.dump},
 * has them written under a hidden {@code .<name>.partial} first and moved to their name only when whole
 * (so a half-written dump is never taken for one), readable by the worker's user only, and resolves
 * the file names callers give inside it and nowhere else (no absolute path, no {@code ..}, no symbolic
 * link leading out). Thread-safe: names are reserved by creating the partial file exclusively.
 */
final class BackupDir {

    static final String SUFFIX = ".dump";
    static final String PARTIAL = ".partial";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] CUSTOM_FORMAT_MAGIC = {'P', 'G', 'D', 'M', 'P'};

    /** A new dump's name, where it goes when whole, and where it is written until then. */
    record Reservation(String name, Path target, Path partial) {
    }

    private final Path root;

    BackupDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Reserves a new dump's name for {@code sourceId} at {@code now}: its partial file exists (empty, mode 600) on return. */
    Reservation reserve(String sourceId, Instant now) throws IOException {
        Files.createDirectories(root);
        String stamp = STAMP.format(now);
        for (int n = 0; n < 100; n++) {
            String name = sourceId + "-" + stamp + (n == 0 ? "" : "-" + n) + SUFFIX;
            Path target = root.resolve(name);
            Path partial = root.resolve("." + name + PARTIAL);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                createPrivate(partial);
                return new Reservation(name, target, partial);
            } catch (FileAlreadyExistsException e) {
                // another backup of the same source in the same millisecond: the next suffix
            }
        }
        throw new IOException("no free name for a dump of " + sourceId + " at " + stamp + " in " + root);
    }

    /** Moves a whole dump from its partial file to its name, in one step (the same file system). */
    void publish(Reservation reservation) throws IOException {
        Files.move(reservation.partial(), reservation.target(), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The dump {@code file} names, inside this directory.
     *
     * @throws ToolFailure when it is absolute, goes up with {@code ..}, leads out through a symbolic link,
     *     is a partial file, does not exist, is not a regular file or is not a custom-format dump
     */
    Path resolve(String file) {
        String refused = "Expected 'file' to be the name of a dump in the backup directory, as db_backup returns it, but '"
                + Shown.clip(file) + "' ";
        if (file.indexOf('\0') >= 0 || file.isBlank()) {
            throw new ToolFailure(refused + "is not a file name. Nothing ran");
        }
        if (file.startsWith("/") || file.startsWith("\\") || file.startsWith("~") || Path.of(file).isAbsolute()) {
            throw new ToolFailure(refused + "is an absolute path: give the name inside the backup directory. Nothing ran");
        }
        Path relative = Path.of(file);
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw new ToolFailure(refused + "goes up with '..': only files inside the backup directory may be read. Nothing ran");
            }
        }
        if (file.endsWith(PARTIAL)) {
            throw new ToolFailure(refused + "is a partial file (a dump being written, or left by a stopped backup). Nothing ran");
        }
        try {
            Path realRoot = root.toRealPath();
            Path candidate = realRoot.resolve(relative).normalize();
            if (!Files.exists(candidate)) {
                List<String> recent = recent(5);
                throw new ToolFailure(refused + "does not exist there" + (recent.isEmpty() ? " (the backup directory has no dumps)"
                        : " (the newest dumps: " + String.join(", ", recent) + ")") + ". Nothing ran");
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new ToolFailure(refused + "leads out of the backup directory through a symbolic link. Nothing ran");
            }
            if (!Files.isRegularFile(real)) {
                throw new ToolFailure(refused + "is not a regular file. Nothing ran");
            }
            byte[] head = new byte[CUSTOM_FORMAT_MAGIC.length];
            try (InputStream in = Files.newInputStream(real)) {
                if (in.readNBytes(head, 0, head.length) != head.length || !java.util.Arrays.equals(head, CUSTOM_FORMAT_MAGIC)) {
                    throw new ToolFailure(refused + "is not a custom-format dump (pg_dump --format=custom, as db_backup writes). "
                            + "Nothing ran");
                }
            }
            return real;
        } catch (IOException e) {
            throw new ToolFailure(refused + "cannot be read: " + e.getMessage() + ". Nothing ran");
        }
    }

    /** The names of the newest {@code max} dumps here, newest first. */
    List<String> recent(int max) {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .sorted(Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed())
                    .limit(max).map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The SHA-256 of a file, in lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Creates an empty file only the worker's user may read: a dump holds every row of its database. */
    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
