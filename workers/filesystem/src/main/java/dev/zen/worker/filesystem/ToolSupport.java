package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/** How I/O failures of the filesystem tools reach the model: as tool errors naming paths relative to the root. */
final class ToolSupport {

    private ToolSupport() {
    }

    /**
     * {@code handler}, reporting filesystem failures (no such file, access denied, not empty) as tool
     * errors naming the path relative to the root: the model can act on them, and a retry would fail
     * the same way.
     */
    static ToolHandler reportingFailures(PathJail jail, ToolHandler handler) {
        return call -> {
            try {
                return handler.handle(call);
            } catch (FileSystemException e) {
                throw failure(e, jail);
            } catch (UncheckedIOException e) {
                throw e.getCause() instanceof FileSystemException fse ? failure(fse, jail) : e;
            } catch (DirectoryIteratorException e) {
                throw e.getCause() instanceof FileSystemException fse ? failure(fse, jail) : e;
            }
        };
    }

    static ToolFailure failure(FileSystemException e, PathJail jail) {
        String file = shown(e.getFile(), jail);
        String message = switch (e) {
            case NoSuchFileException ignored -> "Expected '" + file + "' to exist, but it does not";
            case AccessDeniedException ignored -> "Expected access to '" + file + "', but it was denied";
            case FileAlreadyExistsException ignored -> "Expected '" + file + "' not to exist, but it does";
            case DirectoryNotEmptyException ignored -> "Expected directory '" + file + "' to be empty, but it is not";
            case NotDirectoryException ignored -> "Expected '" + file + "' to be a directory, but it is not";
            case NotLinkException ignored -> "Expected '" + file + "' to be a symbolic link, but it is not";
            case FileSystemLoopException ignored -> "Expected no link loop, but '" + file + "' is in one";
            default -> "Expected to access '" + file + "'" + other(e, jail) + ", but "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        };
        return new ToolFailure(message, e);
    }

    private static String other(FileSystemException e, PathJail jail) {
        return e.getOtherFile() == null ? "" : " and '" + shown(e.getOtherFile(), jail) + "'";
    }

    /** A file named in an exception: relative to the root when inside it, else only its name (no host layout leaks). */
    private static String shown(String file, PathJail jail) {
        if (file == null) {
            return "?";
        }
        try {
            Path path = Path.of(file).toAbsolutePath().normalize();
            return jail.contains(path) ? jail.relative(path) : String.valueOf(path.getFileName());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
