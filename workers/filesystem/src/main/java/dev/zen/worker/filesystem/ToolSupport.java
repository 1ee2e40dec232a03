package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.worker.runtime.ToolDefinition;
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
import java.nio.file.attribute.FileTime;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What every filesystem tool shares: its definition, its result shape and how I/O failures reach the model. */
final class ToolSupport {

    private ToolSupport() {
    }

    /**
     * A tool definition whose handler reports filesystem failures (no such file, access denied, not
     * empty) as tool errors naming the path relative to the root: the model can act on them, and a
     * retry would fail the same way.
     */
    static ToolDefinition define(String name, String title, String description, ObjectNode inputSchema,
            ObjectNode outputSchema, ToolAnnotations annotations, PathJail jail, ToolHandler handler) {
        ToolDescriptor descriptor =
                new ToolDescriptor(name, title, description, inputSchema, outputSchema, annotations, "forbidden");
        return new ToolDefinition(descriptor, call -> {
            try {
                return handler.handle(call);
            } catch (FileSystemException e) {
                throw failure(e, jail);
            } catch (UncheckedIOException e) {
                throw e.getCause() instanceof FileSystemException fse ? failure(fse, jail) : e;
            } catch (DirectoryIteratorException e) {
                throw e.getCause() instanceof FileSystemException fse ? failure(fse, jail) : e;
            }
        });
    }

    /** A result whose text block is the JSON of its structured content. */
    static CallToolResult result(ObjectNode structured) {
        return CallToolResult.structured(json(structured), structured);
    }

    /** A result with a readable text block (file content, a diff) beside its structured content. */
    static CallToolResult result(String text, ObjectNode structured) {
        return CallToolResult.structured(text, structured);
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String json(ObjectNode node) {
        return RecordCodec.shared().mapper().writeValueAsString(node);
    }

    static String iso(FileTime time) {
        return time.toInstant().toString();
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
