package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code pg_dump} and {@code pg_restore} are, found once at start: the directories
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's side-by-side versions), {@code /usr/local/bin}
 * and {@code /usr/bin} are searched (never the worker's own PATH) for a directory holding both, and
 * the one whose {@code pg_dump --version} is highest wins (on a tie, the first in that order: a real
 * binary before Debian's {@code pg_wrapper} in /usr/bin). When none is found the backup tools say so
 * when called. Immutable.
 */
final class PgBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PgBinaries.class);
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final List<Path> PLAIN_DIRS = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"));
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final long PROBE_MILLIS = 5_000;

    private final Path dir;
    private final String version;
    private final int major;

    private PgBinaries(Path dir, String version, int major) {
        this.dir = dir;
        this.version = version;
        this.major = major;
    }

    /** The highest-versioned {@code pg_dump}/{@code pg_restore} pair on this machine, or none. */
    static PgBinaries locate() {
        return locate(candidates());
    }

    /** The highest-versioned pair among {@code dirs} (in order of preference on a tie), or none. */
    static PgBinaries locate(List<Path> dirs) {
        PgBinaries best = none();
        for (Path candidate : dirs) {
            if (!Files.isExecutable(candidate.resolve("pg_dump")) || !Files.isExecutable(candidate.resolve("pg_restore"))) {
                continue;
            }
            try {
                String said = PgProcess.capture(List.of(candidate.resolve("pg_dump").toString(), "--version"),
                        Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"), PROBE_MILLIS).strip();
                Matcher matcher = VERSION.matcher(said);
                if (matcher.find() && Integer.parseInt(matcher.group(1)) > best.major) {
                    best = new PgBinaries(candidate, said.lines().findFirst().orElse(said), Integer.parseInt(matcher.group(1)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("pg_dump in {} could not tell its version: {}", candidate, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (best.found()) {
            LOG.info("Backups use {} from {}", best.version, best.dir);
        } else {
            LOG.info("No pg_dump and pg_restore found in {}, {}: db_backup and db_restore_check will say so when called",
                    DEBIAN_VERSIONS.resolve("*/bin"), PLAIN_DIRS);
        }
        return best;
    }

    static PgBinaries none() {
        return new PgBinaries(null, null, 0);
    }

    /** Debian's version directories, highest first, then /usr/local/bin and /usr/bin. */
    static List<Path> candidates() {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d{1,3}(\\.\\d{1,3})?"))
                        .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin")).forEach(dirs::add);
            } catch (IOException e) {
                LOG.debug("{} could not be listed: {}", DEBIAN_VERSIONS, e.getMessage());
            }
        }
        dirs.addAll(PLAIN_DIRS);
        return dirs;
    }

    boolean found() {
        return dir != null;
    }

    /** {@code pg_dump}, for {@code tool}. */
    Path pgDump(String tool) {
        return require(tool).resolve("pg_dump");
    }

    /** {@code pg_restore}, for {@code tool}. */
    Path pgRestore(String tool) {
        return require(tool).resolve("pg_restore");
    }

    /** What {@code pg_dump --version} said, e.g. {@code pg_dump (PostgreSQL) 15.20}. */
    String version() {
        return version;
    }

    /** The major version of the client programs (0 when none was found). */
    int major() {
        return major;
    }

    /**
     * Checks that the programs can handle a server of {@code serverVersionNum} ({@code server_version_num}):
     * {@code pg_dump} refuses a server newer than itself.
     */
    void requireServer(int serverVersionNum, String sourceId, String tool) {
        int serverMajor = serverVersionNum / 10_000; // 150020 → 15; 90624 → 9 (the 9.x series compares by its first number)
        if (found() && serverMajor > major) {
            throw new ToolFailure("Expected pg_dump of at least the server's major version for " + tool + ", but source '" + sourceId
                    + "' runs PostgreSQL " + serverMajor + " and this worker has " + version + " (" + dir
                    + "): install the PostgreSQL " + serverMajor + " client programs. Nothing ran");
        }
    }

    private Path require(String tool) {
        if (dir == null) {
            throw new ToolFailure("Expected pg_dump and pg_restore on this worker for " + tool + ", but neither "
                    + DEBIAN_VERSIONS.resolve("*/bin") + " nor /usr/local/bin nor /usr/bin has them: install the PostgreSQL client "
                    + "programs (Debian: postgresql-client). Nothing ran");
        }
        return dir;
    }

    @Override
    public String toString() {
        return found() ? version + " (" + dir + ")" : "none";
    }
}
