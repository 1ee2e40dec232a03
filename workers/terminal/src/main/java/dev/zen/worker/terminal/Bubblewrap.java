package dev.zen.worker.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox: every command runs under bubblewrap in fresh user, mount, pid, ipc, uts and cgroup
 * namespaces (and a network namespace of its own unless {@code TERMINAL_NETWORK=on}), seeing:
 * <ul>
 *   <li>the host's {@code /usr} and {@code /etc} read-only (and the {@code /bin}, {@code /lib} links or
 *       directories of the system), nothing else of the host's file system;
 *   <li>the workspace read-write at {@code /workspace};
 *   <li>a private {@code /tmp} of at most 128 MB (and {@code TERMINAL_MAX_FILE_SIZE}), a minimal read-only
 *       {@code /dev} with a 16 MB {@code /dev/shm}, and its own {@code /proc};
 *   <li>a read-only root: nothing else is writable;
 *   <li>a user namespace in which no further user namespace can be made.
 * </ul>
 * The environment is the base one plus the caller's allowed names: bubblewrap itself starts with it
 * too, so no process of the sandbox (not even its pid 1) holds the worker's environment. A worker that
 * runs as root first drops to {@code TERMINAL_SANDBOX_UID} with {@code setpriv} (no groups, no new
 * privileges), so that the kernel's process limit applies. The command's pid namespace dies with its
 * first process, so killing that one process kills every process the command made.
 */
final class Bubblewrap implements Sandbox {

    private static final List<String> SYSTEM_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final long MAX_TMP_BYTES = 128L * 1024 * 1024;
    private static final long SHM_BYTES = 16L * 1024 * 1024;

    private final Path bwrap;
    private final Path prlimit;
    private final Path setpriv;
    private final Integer uid;
    private final Path workspace;
    private final boolean network;
    private final Limits limits;
    private final List<String> systemView;

    /**
     * @param uid the uid to drop to before bubblewrap (the worker runs as root), or null to run as the worker
     */
    Bubblewrap(Path bwrap, Path prlimit, Path setpriv, Integer uid, Path workspace, boolean network, Limits limits) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
        this.uid = uid;
        this.workspace = workspace;
        this.network = network;
        this.limits = limits;
        this.systemView = systemView();
    }

    /** {@code /usr} and {@code /etc} read-only; each top-level system link recreated as a link, a real directory bound read-only. */
    private static List<String> systemView() {
        List<String> view = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        for (String entry : SYSTEM_LINKS) {
            Path path = Path.of(entry);
            try {
                if (Files.isSymbolicLink(path)) {
                    view.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), entry));
                } else if (Files.isDirectory(path)) {
                    view.addAll(List.of("--ro-bind", entry, entry));
                }
            } catch (IOException e) {
                // an unreadable link is left out of the view: the command cannot use what the worker cannot read
            }
        }
        return List.copyOf(view);
    }

    @Override
    public ProcessBuilder builder(Launch launch, String marker) {
        List<String> argv = new ArrayList<>();
        if (uid != null) {
            argv.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--"));
        }
        argv.add(bwrap.toString());
        // every namespace, and a user namespace in which no further one can be made (no nested unshare -U)
        argv.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns"));
        if (network) {
            argv.add("--share-net");
        }
        argv.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "zen-sandbox"));
        if (marker != null) {
            // on bubblewrap's own command line, so that a kill finds its pid 1 even if orphaned; the command sees it as ZEN_SANDBOX
            argv.addAll(List.of("--setenv", "ZEN_SANDBOX", marker));
        }
        argv.addAll(systemView);
        // a minimal /dev, read-only but for a small /dev/shm
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(SHM_BYTES), "--tmpfs", "/dev/shm",
                "--remount-ro", "/dev"));
        argv.addAll(List.of("--size", String.valueOf(Math.min(limits.fileSizeBytes(), MAX_TMP_BYTES)), "--tmpfs", "/tmp"));
        argv.addAll(List.of("--bind", workspace.toString(), Workspace.MOUNT, "--chdir", launch.cwd().inSandbox()));
        // the sandbox's own root (a tmpfs holding the mount points) read-only too: nothing outside /workspace and /tmp is writable
        argv.addAll(List.of("--remount-ro", "/"));
        argv.add("--");
        argv.add(prlimit.toString());
        argv.addAll(limits.prlimitArguments());
        argv.add(launch.executable().toString());
        argv.addAll(launch.arguments());
        Map<String, String> env = Sandbox.baseEnvironment("/tmp");
        env.putAll(launch.environment());
        return Sandbox.withOnly(new ProcessBuilder(argv), env).directory(workspace.toFile());
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public String describe() {
        return "bubblewrap (" + bwrap + "): read-only /usr and /etc, workspace at " + Workspace.MOUNT + ", private /tmp, "
                + (network ? "host network" : "no network") + ", " + (uid == null ? "as the worker's own uid" : "as uid " + uid)
                + ", rlimits cpu " + limits.cpuSeconds() + "s, memory " + limits.memoryBytes() + " B, file " + limits.fileSizeBytes()
                + " B, processes " + limits.maxProcesses();
    }
}
