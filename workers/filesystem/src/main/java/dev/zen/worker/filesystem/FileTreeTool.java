package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.array;
import static dev.zen.worker.filesystem.JsonSchemas.bool;
import static dev.zen.worker.filesystem.JsonSchemas.enumeration;
import static dev.zen.worker.filesystem.JsonSchemas.integer;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.DirectoryWalker.Entry;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_tree}: a directory's structure as nested nodes, down to a depth, without excluded entries. */
public final class FileTreeTool implements ToolHandler {

    public static final String NAME = "file_tree";

    static final int DEFAULT_MAX_DEPTH = 3;
    static final int MAX_DEPTH = 20;
    /** Nodes in one answer: past this a tree is no longer readable, and the answer would be huge. */
    static final int MAX_NODES = 10_000;

    private final PathJail jail;

    public FileTreeTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .optional("path", string("Directory to show: relative to the root, or absolute inside it", "."))
                .optional("maxDepth", integer("Levels below the directory to show", 1, MAX_DEPTH, DEFAULT_MAX_DEPTH))
                .optional("exclude", array("Glob patterns of entries to leave out, e.g. node_modules or **/*.log; "
                        + "a pattern without '/' matches names at any depth", string("A glob pattern")))
                .build();
        ObjectNode node = object()
                .required("name", string("Entry name"))
                .required("type", enumeration("Entry kind; a link is not followed", EntryType.labels()))
                .optional("children", array("Entries of a directory within maxDepth, sorted by name",
                        JsonNodeFactory.instance.objectNode().put("$ref", "#/$defs/node")))
                .build();
        ObjectNode output = object()
                .required("path", string("The directory shown, relative to the root"))
                .required("tree", JsonNodeFactory.instance.objectNode().put("$ref", "#/$defs/node"))
                .required("truncated", bool("Whether nodes were left out because the tree has more than "
                        + MAX_NODES + " nodes"))
                .definition("node", node)
                .build();
        return ToolSupport.define(NAME, "Directory tree",
                "Shows the structure of a directory inside the filesystem root as a tree of nested nodes. "
                        + "Directories deeper than maxDepth have no children listed.",
                input, output, ToolAnnotations.readOnly("Directory tree"), jail, new FileTreeTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        JailedPath directory = jail.resolve(args.string("path", "."));
        int maxDepth = args.integer("maxDepth", DEFAULT_MAX_DEPTH, 1, MAX_DEPTH);
        List<GlobPattern> exclude = GlobPattern.compileAll(args.strings("exclude"), "exclude");
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        Path start = directory.path();
        String name = start.getFileName() == null ? "/" : start.getFileName().toString();
        ObjectNode tree = ToolSupport.object().put("name", name).put("type", EntryType.DIRECTORY.label());
        StringBuilder text = new StringBuilder(name).append("/\n");
        Walk walk = new Walk(start, maxDepth, exclude);
        walk.children(tree.putArray("children"), DirectoryWalker.entries(start), 1, text);

        ObjectNode structured = ToolSupport.object()
                .put("path", directory.relative())
                .put("truncated", walk.truncated);
        structured.set("tree", tree);
        if (walk.truncated) {
            text.append("(truncated at ").append(MAX_NODES).append(" nodes)\n");
        }
        return ToolSupport.result(text.toString(), structured);
    }

    /** The state of one call's walk: the node budget is per call. */
    private static final class Walk {

        private final Path start;
        private final int maxDepth;
        private final List<GlobPattern> exclude;
        private int nodes;
        private boolean truncated;

        Walk(Path start, int maxDepth, List<GlobPattern> exclude) {
            this.start = start;
            this.maxDepth = maxDepth;
            this.exclude = exclude;
        }

        void children(ArrayNode out, List<Entry> entries, int depth, StringBuilder text) {
            for (Entry entry : entries) {
                String relative = DirectoryWalker.relative(start, entry.path());
                if (GlobPattern.anyMatches(exclude, relative)) {
                    continue;
                }
                if (nodes >= MAX_NODES) {
                    truncated = true;
                    return;
                }
                nodes++;
                EntryType type = entry.type();
                ObjectNode node = out.addObject().put("name", entry.name()).put("type", type.label());
                text.append("  ".repeat(depth)).append(entry.name())
                        .append(type == EntryType.DIRECTORY ? "/" : type == EntryType.SYMLINK ? " @" : "")
                        .append('\n');
                if (type == EntryType.DIRECTORY && depth < maxDepth) {
                    children(node.putArray("children"), DirectoryWalker.entriesOrNone(entry.path()), depth + 1, text);
                }
            }
        }
    }
}
