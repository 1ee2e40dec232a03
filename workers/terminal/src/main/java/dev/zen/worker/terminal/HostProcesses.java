package dev.zen.worker.terminal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No sandbox ({@code TERMINAL_SANDBOX=off}, on purpose only): commands run on the host as the worker's
 * own user, in the workspace, with the base environment and the {@link Limits} (when {@code prlimit}
 * exists). They can read and write whatever that user can, and reach the network; a process that
 * leaves its process tree (a double fork) outlives a timeout. The service announces itself unsandboxed.
 */
final class HostProcesses implements Sandbox {

    private final Path prlimit;
    private final Path workspace;
    private final Limits limits;

    /** @param prlimit util-linux {@code prlimit}, or null to run without rlimits */
    HostProcesses(Path prlimit, Path workspace, Limits limits) {
        this.prlimit = prlimit;
        this.workspace = workspace;
        this.limits = limits;
    }

    @Override
    public ProcessBuilder builder(Launch launch, String marker) {
        List<String> argv = new ArrayList<>();
        if (prlimit != null) {
            argv.add(prlimit.toString());
            argv.addAll(limits.prlimitArguments());
        }
        argv.add(launch.executable().toString());
        argv.addAll(launch.arguments());
        Map<String, String> env = Sandbox.baseEnvironment(workspace.toString());
        env.putAll(launch.environment());
        return Sandbox.withOnly(new ProcessBuilder(argv), env).directory(launch.cwd().host().toFile());
    }

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String describe() {
        return "none (TERMINAL_SANDBOX=off): commands run on the host as the worker's user"
                + (prlimit == null ? ", without rlimits (no prlimit found)" : ", with rlimits only");
    }
}
