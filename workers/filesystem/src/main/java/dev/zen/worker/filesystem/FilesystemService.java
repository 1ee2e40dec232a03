package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ServiceDefinition;
import java.util.List;

/** The {@code filesystem} service: every file tool, sharing one jail and one set of write locks. */
public final class FilesystemService {

    public static final String SERVICE = "filesystem";

    private FilesystemService() {
    }

    public static ServiceDefinition definition(FilesystemSettings settings, String version) {
        PathJail jail = new PathJail(settings);
        PathLocks locks = new PathLocks();
        return new ServiceDefinition(SERVICE, version, List.of(
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
                FileRootsTool.definition(jail)));
    }
}
