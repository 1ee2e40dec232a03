package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filesystem worker process: {@code java -jar zen-worker-filesystem-*-exec.jar}. Reads its
 * settings from the environment (ZEN_KAFKA_BOOTSTRAP, FILESYSTEM_ROOT, ...), joins the
 * {@code filesystem} worker group and serves until SIGTERM, then stops cleanly: in-flight calls
 * finish, offsets are committed, a tombstone is written. Start more processes to scale out.
 */
public final class FilesystemWorker {

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemWorker.class);

    private FilesystemWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        FilesystemSettings settings = FilesystemSettings.fromEnv(System.getenv());
        String version = FilesystemWorker.class.getPackage().getImplementationVersion();
        WorkerRuntime.serve(FilesystemService.definition(settings, version == null ? "dev" : version),
                WorkerSettings.fromEnv(System.getenv()),
                runtime -> LOG.info("Filesystem worker serving root {} (max file size {} bytes, extensions {})", settings.root(),
                        settings.maxFileSize(), settings.allowedExtensions().isEmpty() ? "any" : settings.allowedExtensions()));
    }
}
