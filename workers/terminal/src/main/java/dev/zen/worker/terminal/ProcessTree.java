package dev.zen.worker.terminal;

import java.util.List;

/** Ends a command with every process it made. */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Kills {@code process} and its descendants. In the sandbox the first descendant is the pid
     * namespace's init: when it dies the kernel kills every process in the namespace, including any
     * that left the tree (a double fork, {@code setsid}).
     */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        for (ProcessHandle handle : descendants) {
            handle.destroyForcibly();
        }
        process.destroyForcibly();
    }
}
