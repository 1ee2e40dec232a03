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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_tree}: a directory's structure as nested nodes, down to a depth, without excluded entries,
 * at most {@code maxNodes} of them. A truncated tree gives the {@code nextOffset} that shows on: the
 * next page has the nodes after those shown, each under its ancestors (shown again so that every node
 * has its place).
 */
public final class FileTreeTool implements ToolHandler {

    public static final String NAME = "file_tree";

    static final int DEFAULT_MAX_DEPTH = 3;
    static final int MAX_DEPTH = 20;
    /** Nodes in one answer: past this a tree is no longer readable, and the answer would be huge. */
    static final int MAX_NODES = 10_000;

    static final Field<String> PATH =
            Field.string("path", "Directory to show: relative to the root, or absolute inside it").defaultsTo(".");
    static final Field<Integer> MAX_DEPTH_ARGUMENT =
            Field.integer("maxDepth", "Levels below the directory to show", 1, MAX_DEPTH).defaultsTo(DEFAULT_MAX_DEPTH);
    static final Field<List<String>> EXCLUDE = Field.list("exclude", "Glob patterns of entries to leave out, e.g. "
            + "node_modules or **/*.log; a pattern without '/' matches names at any depth",
            Field.string("pattern", "A glob pattern"));
    static final Field<Integer> MAX_NODES_ARGUMENT = Field.integer("maxNodes", "Most nodes to show (the directory "
            + "itself and the ancestors repeated on a later page not counted)", 1, MAX_NODES).defaultsTo(MAX_NODES);
    static final Field<Integer> OFFSET = Field.integer("offset", "Nodes to skip first, in walk order (sorted by name, "
            + "depth first): the nextOffset of a truncated tree shows on", 0, Integer.MAX_VALUE).defaultsTo(0);
    static final ObjectShape INPUT = ObjectShape.of(PATH, MAX_DEPTH_ARGUMENT, EXCLUDE, MAX_NODES_ARGUMENT, OFFSET);

    private static final String NODE_DEFINITION = "node";
    static final Field<String> NODE_NAME = Field.string("name", "Entry name").required();
    static final Field<String> NODE_TYPE = Field.choice("type", "Entry kind; a link is not followed", EntryType.labels())
            .required();
    static final Field<List<ObjectNode>> CHILDREN = Field.list("children", "Entries of a directory within maxDepth, "
            + "sorted by name", Field.ref("child", "An entry of the directory", NODE_DEFINITION));
    static final ObjectShape NODE = ObjectShape.of(NODE_NAME, NODE_TYPE, CHILDREN);

    static final Field<String> DIRECTORY = Field.string("path", "The directory shown, relative to the root").required();
    static final Field<ObjectNode> TREE =
            Field.ref("tree", "The directory, its entries nested below it", NODE_DEFINITION).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_OFFSET = Field.count("nextOffset", "When truncated: the offset that shows on");
    static final ObjectShape OUTPUT =
            ObjectShape.of(DIRECTORY, TREE, TRUNCATED, NEXT_OFFSET).define(NODE_DEFINITION, NODE);

    private final PathJail jail;

    public FileTreeTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Directory tree")
                .description("Shows the structure of a directory inside the filesystem root as a tree of nested nodes. "
                        + "Directories deeper than maxDepth have no children listed. At most maxNodes come back: a "
                        + "larger tree says truncated and gives the nextOffset to pass as offset for the rest.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileTreeTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        JailedPath directory = jail.resolve(args.get(PATH));
        List<GlobPattern> exclude = GlobPattern.compileAll(args.get(EXCLUDE), "exclude");
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        Path start = directory.path();
        String name = start.getFileName() == null ? "/" : start.getFileName().toString();
        StringBuilder text = new StringBuilder(name).append("/\n");
        int offset = args.get(OFFSET);
        Walk walk = new Walk(start, args.get(MAX_DEPTH_ARGUMENT), exclude, args.get(MAX_NODES_ARGUMENT), offset);
        ObjectNode tree = NODE.builder()
                .put(NODE_NAME, name)
                .put(NODE_TYPE, EntryType.DIRECTORY.label())
                .put(CHILDREN, walk.children(DirectoryWalker.entries(start), 1, text))
                .build();
        long nextOffset = (long) offset + walk.shown;
        if (walk.truncated) {
            text.append("(truncated at ").append(walk.maxNodes).append(" nodes; show on with offset: ").append(nextOffset)
                    .append(")\n");
        }
        return OUTPUT.builder()
                .put(DIRECTORY, directory.relative())
                .put(TREE, tree)
                .put(TRUNCATED, walk.truncated)
                .put(NEXT_OFFSET, walk.truncated ? nextOffset : null)
                .result(text.toString());
    }

    /** The state of one call's walk: the node budget is per call. */
    private static final class Walk {

        private final Path start;
        private final int maxDepth;
        private final List<GlobPattern> exclude;
        private final int maxNodes;
        private final int offset;
        /** Nodes walked so far, shown or skipped: a node's index in walk order. */
        private int walked;
        private int shown;
        private boolean truncated;

        Walk(Path start, int maxDepth, List<GlobPattern> exclude, int maxNodes, int offset) {
            this.start = start;
            this.maxDepth = maxDepth;
            this.exclude = exclude;
            this.maxNodes = maxNodes;
            this.offset = offset;
        }

        /**
         * The nodes of {@code entries} at {@code depth} that are shown: those from the offset on, up to
         * the cap, and the directories above a shown node (with only the children that lead to it).
         */
        List<ObjectNode> children(List<Entry> entries, int depth, StringBuilder text) {
            List<ObjectNode> nodes = new ArrayList<>();
            for (Entry entry : entries) {
                String relative = DirectoryWalker.relative(start, entry.path());
                if (GlobPattern.anyMatches(exclude, relative)) {
                    continue;
                }
                boolean skipped = walked < offset;
                if (!skipped && shown >= maxNodes) {
                    truncated = true;
                    return nodes;
                }
                walked++;
                if (!skipped) {
                    shown++;
                }
                EntryType type = entry.type();
                StringBuilder below = new StringBuilder();
                List<ObjectNode> children = type == EntryType.DIRECTORY && depth < maxDepth
                        ? children(DirectoryWalker.entriesOrNone(entry.path()), depth + 1, below)
                        : null;
                if (!skipped || (children != null && !children.isEmpty())) {
                    nodes.add(NODE.builder()
                            .put(NODE_NAME, entry.name())
                            .put(NODE_TYPE, type.label())
                            .put(CHILDREN, children)
                            .build());
                    text.append("  ".repeat(depth)).append(entry.name())
                            .append(type == EntryType.DIRECTORY ? "/" : type == EntryType.SYMLINK ? " @" : "")
                            .append('\n').append(below);
                }
                if (truncated) {
                    return nodes;
                }
            }
            return nodes;
        }
    }
}
