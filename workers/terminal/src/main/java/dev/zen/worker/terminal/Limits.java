package dev.zen.worker.terminal;

import java.util.List;

/**
 * The rlimits every command process gets, applied by util-linux {@code prlimit} as the last step
 * before the command (inside the sandbox, so that RLIMIT_NPROC counts the sandbox's own processes).
 */
record Limits(int cpuSeconds, long memoryBytes, long fileSizeBytes, int maxProcesses) {

    static Limits of(TerminalSettings settings) {
        return new Limits(settings.cpuSeconds(), settings.memoryBytes(), settings.fileSizeBytes(), settings.maxProcesses());
    }

    /** {@code prlimit}'s arguments, up to and including {@code --}. */
    List<String> prlimitArguments() {
        return List.of("--cpu=" + cpuSeconds, "--as=" + memoryBytes, "--fsize=" + fileSizeBytes, "--nproc=" + maxProcesses,
                "--core=0", "--nofile=1024", "--");
    }
}
