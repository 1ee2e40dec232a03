package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal service assembled from its settings: the workspace, the allowed commands and their
 * rules, the sandbox (proven by a probe command before any tool is offered), the command slots, the
 * background processes and the tools. {@link #create} fails with the reason when the sandbox cannot be
 * made, so that the worker refuses to start rather than run commands unconfined. Thread-safe.
 */
final class Terminal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Terminal.class);
    private static final long PROBE_TIMEOUT_MS = 15_000;

    private final TerminalSettings settings;
    private final Commands commands;
    private final Sandbox sandbox;
    private final CommandRunner runner;
    private final BackgroundProcesses processes;
    private final List<ToolDefinition> tools;

    private Terminal(TerminalSettings settings, Commands commands, Sandbox sandbox) {
        this.settings = settings;
        this.commands = commands;
        this.sandbox = sandbox;
        this.runner = new CommandRunner(sandbox, new CommandSlots(settings.maxConcurrent(), settings.queueWait()));
        this.processes = new BackgroundProcesses(sandbox, settings);
        List<ToolDefinition> all = new ArrayList<>();
        all.add(TerminalExecTool.definition(commands, runner, settings));
        if (settings.shell()) {
            all.add(ShellCommandTool.definition(commands, runner, settings));
        }
        all.add(SystemInfoTool.definition(commands, sandbox, settings, SystemInfoTool.versions(commands, sandbox)));
        all.add(ProcessStartTool.definition(commands, processes, settings));
        all.add(ProcessReadTool.definition(processes, settings));
        all.add(ProcessInputTool.definition(processes));
        all.add(ProcessKillTool.definition(processes));
        all.add(ProcessListTool.definition(processes));
        this.tools = List.copyOf(all);
    }

    /**
     * The service for {@code settings}.
     *
     * @throws IllegalArgumentException when a setting cannot be used (an executable, the policy file)
     * @throws IllegalStateException when the sandbox is on and cannot be made here; the message says why
     */
    static Terminal create(TerminalSettings settings) {
        Workspace workspace = new Workspace(settings.workdir());
        AllowedCommands allowed = new AllowedCommands(settings.allowedCommands(), settings.shell());
        CommandPolicy policy = CommandPolicy.load(settings.policyFile());
        Commands commands = new Commands(allowed, policy, workspace, settings.envAllowlist());
        Path prlimit = find("prlimit");
        Sandbox sandbox;
        if (settings.sandbox()) {
            Path bwrap = require(find("bwrap"), "bubblewrap (bwrap) is not installed: install the package 'bubblewrap', or set "
                    + "TERMINAL_SANDBOX=off on purpose");
            require(prlimit, "util-linux's prlimit is not installed");
            Integer uid = null;
            Path setpriv = null;
            if (runningAsRoot()) {
                setpriv = require(find("setpriv"), "util-linux's setpriv is not installed (needed to drop root)");
                uid = settings.sandboxUid();
                handOver(workspace.root(), uid);
            }
            sandbox = new Bubblewrap(bwrap, prlimit, setpriv, uid, workspace.root(), settings.network(), Limits.of(settings));
            probe(sandbox, workspace);
        } else {
            sandbox = new HostProcesses(prlimit, workspace.root(), Limits.of(settings));
            LOG.warn("TERMINAL_SANDBOX=off: commands run UNSANDBOXED on this host as the worker's own user; they can read and write "
                    + "whatever it can and reach the network. The service announces itself unsandboxed.");
        }
        if (!allowed.missing().isEmpty()) {
            LOG.info("TERMINAL_ALLOWED_COMMANDS entries not found on this machine, so not allowed: {}", allowed.missing());
        }
        return new Terminal(settings, commands, sandbox);
    }

    /** Where the sandbox's own tools are looked up: the system's directories before /usr/local. */
    private static final List<Path> TOOL_PATH = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"),
            Path.of("/usr/local/bin"), Path.of("/usr/local/sbin"));

    /**
     * The sandbox tool {@code name} (bwrap, prlimit, setpriv, test). A root worker runs them as root, so it
     * takes only one owned by root that neither group nor others may write.
     */
    private static Path find(String name) {
        boolean root = runningAsRoot();
        for (Path directory : TOOL_PATH) {
            Path candidate = directory.resolve(name);
            if (Files.isExecutable(candidate) && (!root || trusted(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean trusted(Path tool) {
        try {
            Path real = tool.toRealPath();
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
            return Integer.valueOf(0).equals(Files.getAttribute(real, "unix:uid"))
                    && !permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path require(Path path, String otherwise) {
        if (path == null) {
            throw new IllegalStateException(otherwise);
        }
        return path;
    }

    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // no /proc: not Linux, and no sandbox either
        }
        return false;
    }

    /** A root worker gives the workspace directory to the sandbox's uid, which must write it. */
    private static void handOver(Path workspace, int uid) {
        try {
            if (!Integer.valueOf(uid).equals(Files.getAttribute(workspace, "unix:uid"))) {
                Files.setAttribute(workspace, "unix:uid", uid);
                Files.setAttribute(workspace, "unix:gid", uid);
                LOG.info("Handed the workspace {} to uid {} (TERMINAL_SANDBOX_UID), which commands run as", workspace, uid);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(workspace);
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            Files.setPosixFilePermissions(workspace, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("Expected to hand the workspace " + workspace + " to uid " + uid + ", but " + e.getMessage(), e);
        }
    }

    /** Proves the sandbox works here: {@code test -w .} in the workspace must succeed inside it. */
    private static void probe(Sandbox sandbox, Workspace workspace) {
        Path test = find("test");
        if (test == null) {
            throw new IllegalStateException("coreutils' test is not installed (the sandbox probe runs it)");
        }
        Launch launch = new Launch("test", realPath(test), List.of("-w", "."), workspace.directory("."), Map.of(),
                List.of("test", "-w", "."));
        try {
            CommandProcess command = sandbox.start(launch, true);
            Process process = command.process();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                command.kill();
                throw new IllegalStateException("the sandbox probe did not end within " + PROBE_TIMEOUT_MS + " ms");
            }
            String said;
            try (InputStream in = process.getInputStream()) {
                said = new String(in.readNBytes(600), StandardCharsets.UTF_8).strip();
            }
            if (said.contains("Can't find source path")) {
                throw new IllegalStateException("the sandbox cannot reach the workspace " + workspace.root() + " (" + said + "): every "
                        + "parent directory must be searchable by the uid commands run as");
            }
            if (process.exitValue() == 1 && said.isEmpty()) {
                throw new IllegalStateException("the sandbox cannot write the workspace " + workspace.root() + " (check that its owner "
                        + "is the uid commands run as and every parent directory is searchable)");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("bubblewrap could not make a sandbox here (exit " + process.exitValue() + "): " + said
                        + "; user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces), "
                        + "or set TERMINAL_SANDBOX=off on purpose");
            }
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox probe could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the sandbox", e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** The service's definition: its tools, and a warning when it runs unsandboxed. */
    ServiceDefinition definition(String version) {
        ServiceDefinition definition = new ServiceDefinition(TerminalService.SERVICE, version, tools);
        return sandbox.isolated() ? definition : definition.withWarnings(List.of(
                "unsandboxed: TERMINAL_SANDBOX=off, commands run directly on the host as the worker's user"));
    }

    String describe() {
        return "workspace " + commands.workspace().root() + ", sandbox " + sandbox.describe() + ", shell_command "
                + (settings.shell() ? "on" : "off") + ", allowed " + String.join(",", commands.allowed().all().stream()
                        .map(AllowedCommands.Executable::name).toList()) + ", policy " + commands.policy().source();
    }

    List<ToolDefinition> tools() {
        return tools;
    }

    /** The tool named {@code name}. */
    ToolDefinition tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool " + name));
    }

    CommandRunner runner() {
        return runner;
    }

    BackgroundProcesses processes() {
        return processes;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    Path workspace() {
        return commands.workspace().root();
    }

    @Override
    public void close() {
        processes.close();
    }
}
