package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.DirectoryWalker.Entry;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_list}: the entries of a directory, optionally of its subdirectories too, at most
 * {@code maxEntries} of them; a truncated listing gives the {@code nextOffset} that lists on.
 */
public final class FileListTool implements ToolHandler {

    public static final String NAME = "file_list";

    static final int DEFAULT_MAX_ENTRIES = 1000;
    static final int MAX_ENTRIES = 10_000;

    static final Field<String> PATH =
            Field.string("path", "Directory to list: relative to the root, or absolute inside it").defaultsTo(".");
    static final Field<Boolean> RECURSIVE =
            Field.bool("recursive", "Also list the entries of subdirectories (links are not followed)").defaultsTo(false);
    static final Field<Boolean> INCLUDE_HIDDEN =
            Field.bool("includeHidden", "Include entries whose name starts with '.'").defaultsTo(false);
    static final Field<Integer> MAX_ENTRIES_ARGUMENT =
            Field.integer("maxEntries", "Most entries to return", 1, MAX_ENTRIES).defaultsTo(DEFAULT_MAX_ENTRIES);
    static final Field<Integer> OFFSET = Field.integer("offset", "Entries to skip first: the nextOffset of a truncated "
            + "listing lists on (the order is stable while the directory does not change)", 0, Integer.MAX_VALUE).defaultsTo(0);
    static final ObjectShape INPUT = ObjectShape.of(PATH, RECURSIVE, INCLUDE_HIDDEN, MAX_ENTRIES_ARGUMENT, OFFSET);

    static final Field<String> NAME_FIELD = Field.string("name", "Entry name").required();
    static final Field<String> ENTRY_PATH = Field.string("path", "Entry path relative to the root").required();
    static final Field<String> TYPE = Field.choice("type", "Entry kind; a link is not followed", EntryType.labels()).required();
    static final Field<Long> SIZE = Field.count("size", "Size in bytes").required();
    static final Field<String> MODIFIED = Field.dateTime("modified", "Last modification time (ISO-8601)").required();
    static final ObjectShape ENTRY = ObjectShape.of(NAME_FIELD, ENTRY_PATH, TYPE, SIZE, MODIFIED);

    static final Field<String> DIRECTORY = Field.string("path", "The directory listed, relative to the root").required();
    static final Field<List<ObjectNode>> ENTRIES = Field.objects("entries", "Entries sorted by name, depth first", ENTRY)
            .required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_OFFSET = Field.count("nextOffset", "When truncated: the offset that lists on");
    static final ObjectShape OUTPUT = ObjectShape.of(DIRECTORY, ENTRIES, TRUNCATED, NEXT_OFFSET);

    private final PathJail jail;

    public FileListTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("List directory")
                .description("Lists the files and directories in a directory inside the filesystem root, with type, "
                        + "size and modification time. At most maxEntries come back: a longer listing says truncated "
                        + "and gives the nextOffset to pass as offset for the rest.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileListTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        JailedPath directory = jail.resolve(args.get(PATH));
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        int offset = args.get(OFFSET);
        Listing listing = new Listing(args.get(RECURSIVE), args.get(INCLUDE_HIDDEN), args.get(MAX_ENTRIES_ARGUMENT), offset);
        boolean truncated = !listing.list(DirectoryWalker.entries(directory.path()));
        StringBuilder text = listing.text;
        if (listing.entries.isEmpty()) {
            text.append(offset == 0 ? "(empty directory)\n" : "(no entries past offset " + offset + ")\n");
        }
        long nextOffset = (long) offset + listing.entries.size();
        if (truncated) {
            text.append("(truncated at ").append(listing.maxEntries).append(" entries; list on with offset: ")
                    .append(nextOffset).append(")\n");
        }
        return OUTPUT.builder()
                .put(DIRECTORY, directory.relative())
                .put(ENTRIES, listing.entries)
                .put(TRUNCATED, truncated)
                .put(NEXT_OFFSET, truncated ? nextOffset : null)
                .result(text.toString());
    }

    /** One call's listing: the entries past the offset, up to the cap. */
    private final class Listing {

        private final boolean recursive;
        private final boolean includeHidden;
        private final int maxEntries;
        private final int offset;
        private final List<ObjectNode> entries = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int skipped;

        Listing(boolean recursive, boolean includeHidden, int maxEntries, int offset) {
            this.recursive = recursive;
            this.includeHidden = includeHidden;
            this.maxEntries = maxEntries;
            this.offset = offset;
        }

        /** Depth-first listing; false when it stopped at maxEntries with entries left. */
        boolean list(List<Entry> level) {
            for (Entry entry : level) {
                if (!includeHidden && entry.hidden()) {
                    continue;
                }
                EntryType type = entry.type();
                if (skipped < offset) {
                    skipped++;
                } else if (entries.size() >= maxEntries) {
                    return false;
                } else {
                    add(entry, type);
                }
                if (recursive && type == EntryType.DIRECTORY && !list(DirectoryWalker.entriesOrNone(entry.path()))) {
                    return false;
                }
            }
            return true;
        }

        private void add(Entry entry, EntryType type) {
            String relative = jail.relative(entry.path());
            long size = entry.attributes().size();
            entries.add(ENTRY.builder()
                    .put(NAME_FIELD, entry.name())
                    .put(ENTRY_PATH, relative)
                    .put(TYPE, type.label())
                    .put(SIZE, size)
                    .put(MODIFIED, entry.attributes().lastModifiedTime().toInstant().toString())
                    .build());
            text.append(line(type, relative, size)).append('\n');
        }
    }

    private static String line(EntryType type, String relative, long size) {
        return switch (type) {
            case DIRECTORY -> "[DIR]  " + relative + "/";
            case FILE -> "[FILE] " + relative + " (" + size + " bytes)";
            case SYMLINK -> "[LINK] " + relative;
            case OTHER -> "[OTHER] " + relative;
        };
    }
}
