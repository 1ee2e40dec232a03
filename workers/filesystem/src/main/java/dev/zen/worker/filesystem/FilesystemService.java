package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import java.util.List;

/**
 * The {@code filesystem} service: every file tool, sharing one jail and one set of write locks, and
 * the files under the root as resources ({@code file:///{+path}}, see {@link FileResources}).
 */
public final class FilesystemService {

    public static final String SERVICE = "filesystem";

    private FilesystemService() {
    }

    public static ServiceDefinition definition(FilesystemSettings settings, String version) {
        PathJail jail = new PathJail(settings);
        PathLocks locks = new PathLocks();
        List<ToolDefinition> tools = List.of(
                FileReadTool.definition(jail),
                FileReadManyTool.definition(jail),
                FileWriteTool.definition(jail, locks),
                FileEditTool.definition(jail, locks),
                FileListTool.definition(jail),
                FileTreeTool.definition(jail),
                FileSearchTool.definition(jail),
                FileAnalyzeTool.definition(jail),
                FileMoveTool.definition(jail, locks),
                FileMkdirTool.definition(jail),
                FileRootsTool.definition(jail));
        return new ServiceDefinition(SERVICE, version, tools, List.of(), List.of(FileResources.definition(jail)), List.of());
    }
}
