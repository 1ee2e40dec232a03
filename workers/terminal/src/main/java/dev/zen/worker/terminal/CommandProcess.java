package dev.zen.worker.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A started command: its process and the marker its sandbox carries on its command line, by which
 * {@link #kill()} finds the sandbox's first process even when it was orphaned (its parent killed before
 * the sandbox was fully up). Thread-safe.
 */
final class CommandProcess {

    private static final int SWEEPS = 3;

    private final Process process;
    private final String marker;

    CommandProcess(Process process, String marker) {
        this.process = process;
        this.marker = marker;
    }

    /** A fresh marker for one sandbox. */
    static String newMarker() {
        return "zen-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    Process process() {
        return process;
    }

    /**
     * Kills the command with every process it made. In the sandbox the first descendant is the pid
     * namespace's init: when it dies the kernel kills every process in the namespace, including any that
     * left the tree (a double fork, {@code setsid}).
     */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (marker == null) {
            return;
        }
        // a kill often runs because the deadline interrupted the caller: with the interrupt set, the first
        // sleep between sweeps would end them all; the interrupt is set again after
        boolean interrupted = Thread.interrupted();
        try {
            for (int sweep = 0; sweep < SWEEPS; sweep++) {
                if (killMarked() == 0) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills the processes whose command line holds the marker; returns how many it found. */
    private int killMarked() {
        int found = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(marker)) {
                        found++;
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException e) {
                    // it ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing more to find
        }
        return found;
    }
}
