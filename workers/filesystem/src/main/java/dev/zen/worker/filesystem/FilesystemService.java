package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code filesystem} service: every file tool, sharing one jail and one set of write locks, and
 * the files under the root as resources ({@code file:///{+path}}, see {@link FileResources}).
 */
public final class FilesystemService implements WorkerService {

    public static final String SERVICE = "filesystem";

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "files under one jailed root";
    }

    @Override
    public List<Setting<?>> settings() {
        return FilesystemSettings.ALL;
    }

    @Override
    public ServiceDefinition define(Settings values, String version) {
        return definition(FilesystemSettings.from(values, Path.of("")), version);
    }

    @Override
    public String describe(Settings values) {
        FilesystemSettings settings = FilesystemSettings.from(values, Path.of(""));
        return "root " + settings.root() + ", max file size " + settings.maxFileSize() + " bytes, extensions "
                + (settings.anyExtension() ? "any" : settings.allowedExtensions());
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
