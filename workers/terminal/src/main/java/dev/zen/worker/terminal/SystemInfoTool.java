package dev.zen.worker.terminal;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code system_info}: what a caller may want to know before running commands: the OS, kernel, CPUs,
 * memory, the workspace's disk, uptime, the sandbox and its limits, and the version of each allowed
 * command (asked once at start, inside the sandbox, with {@code --version}). Never the environment.
 */
final class SystemInfoTool implements ToolHandler {

    static final String NAME = "system_info";
    private static final long VERSION_TIMEOUT_MS = 3_000;

    static final Field<String> OS = Field.string("os", "Operating system (PRETTY_NAME of /etc/os-release)").required();
    static final Field<String> KERNEL = Field.string("kernel", "Kernel release").required();
    static final Field<String> ARCH = Field.string("arch", "CPU architecture").required();
    static final Field<Long> CPUS = Field.count("cpus", "CPUs available to the worker").required();
    static final Field<Long> MEMORY_TOTAL = Field.count("memoryTotalBytes", "Memory in all").required();
    static final Field<Long> MEMORY_AVAILABLE = Field.count("memoryAvailableBytes", "Memory available").required();
    static final Field<Long> DISK_TOTAL = Field.count("workspaceDiskTotalBytes", "Size of the workspace's file system").required();
    static final Field<Long> DISK_FREE = Field.count("workspaceDiskFreeBytes", "Free space of the workspace's file system").required();
    static final Field<Long> UPTIME = Field.count("uptimeSeconds", "Seconds since the host booted").required();
    static final Field<Boolean> SANDBOXED = Field.bool("sandboxed", "Whether commands run in the sandbox").required();
    static final Field<String> SANDBOX = Field.string("sandbox", "The sandbox and its limits").required();
    static final Field<Boolean> NETWORK = Field.bool("network", "Whether commands can reach the network").required();
    static final Field<Boolean> SHELL = Field.bool("shell", "Whether shell_command is offered").required();
    static final Field<JsonNode> COMMANDS = Field.json("commands", "Each allowed command by name: its resolved path and version (first "
            + "line of --version, or 'unknown')", JsonNodeFactory.instance.objectNode().put("type", "object")).required();
    static final ObjectShape OUTPUT = ObjectShape.of(OS, KERNEL, ARCH, CPUS, MEMORY_TOTAL, MEMORY_AVAILABLE, DISK_TOTAL, DISK_FREE, UPTIME,
            SANDBOXED, SANDBOX, NETWORK, SHELL, COMMANDS);

    private final Commands commands;
    private final Sandbox sandbox;
    private final TerminalSettings settings;
    private final Map<String, String> versions;

    private SystemInfoTool(Commands commands, Sandbox sandbox, TerminalSettings settings, Map<String, String> versions) {
        this.commands = commands;
        this.sandbox = sandbox;
        this.settings = settings;
        this.versions = versions;
    }

    static ToolDefinition definition(Commands commands, Sandbox sandbox, TerminalSettings settings, Map<String, String> versions) {
        return ToolDefinition.named(NAME).title("System information")
                .description("Describes the machine commands run on: OS, kernel, CPUs, memory, the workspace's disk, uptime, the "
                        + "sandbox and its limits, and each allowed command with its version. Never the environment.")
                .input(ObjectShape.of()).output(OUTPUT).readOnly()
                .handler(new SystemInfoTool(commands, sandbox, settings, versions));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        ObjectShape.of().bind(call);
        Map<String, Long> memory = meminfo();
        FileStore store = Files.getFileStore(commands.workspace().root());
        ObjectNode commandInfo = JsonNodeFactory.instance.objectNode();
        Map<String, String> known = versions;
        for (AllowedCommands.Executable executable : commands.allowed().all()) {
            commandInfo.putObject(executable.name()).put("path", executable.path().toString())
                    .put("version", known.getOrDefault(executable.name(), "unknown"));
        }
        String os = osName();
        String kernel = read("/proc/sys/kernel/osrelease");
        long uptime = (long) Double.parseDouble(read("/proc/uptime").split(" ")[0]);
        ObjectShape.Builder out = OUTPUT.builder().put(OS, os).put(KERNEL, kernel).put(ARCH, System.getProperty("os.arch"))
                .put(CPUS, (long) Runtime.getRuntime().availableProcessors())
                .put(MEMORY_TOTAL, memory.getOrDefault("MemTotal", 0L)).put(MEMORY_AVAILABLE, memory.getOrDefault("MemAvailable", 0L))
                .put(DISK_TOTAL, store.getTotalSpace()).put(DISK_FREE, store.getUsableSpace()).put(UPTIME, uptime)
                .put(SANDBOXED, sandbox.isolated()).put(SANDBOX, sandbox.describe()).put(NETWORK, !sandbox.isolated() || settings.network())
                .put(SHELL, settings.shell()).put(COMMANDS, (JsonNode) commandInfo);
        String text = os + ", kernel " + kernel + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + memory.getOrDefault("MemAvailable", 0L) / (1024 * 1024) + " MiB of " + memory.getOrDefault("MemTotal", 0L) / (1024 * 1024)
                + " MiB memory available, workspace disk " + store.getUsableSpace() / (1024 * 1024) + " MiB free\nsandbox: "
                + sandbox.describe() + "\ncommands: " + String.join(", ", new java.util.TreeSet<>(known.keySet()));
        return out.result(text);
    }

    /** Each allowed command's version: the first line it prints for {@code --version} in the sandbox, or "unknown". Asked once, at start. */
    static Map<String, String> versions(Commands commands, Sandbox sandbox) {
        Map<String, String> found = new TreeMap<>();
        for (AllowedCommands.Executable executable : commands.allowed().all()) {
            found.put(executable.name(), version(commands, sandbox, executable));
        }
        return Map.copyOf(found);
    }

    private static String version(Commands commands, Sandbox sandbox, AllowedCommands.Executable executable) {
        Launch launch = new Launch(executable.name(), executable.path(), List.of("--version"), commands.workspace().directory("."),
                Map.of(), List.of(executable.name(), "--version"));
        CommandProcess command = null;
        try {
            command = sandbox.start(launch, true);
            Process process = command.process();
            process.getOutputStream().close();
            if (!process.waitFor(VERSION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return "unknown";
            }
            byte[] head;
            try (InputStream in = process.getInputStream()) {
                head = in.readNBytes(512);
            }
            String first = new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return process.exitValue() == 0 && !first.isEmpty() ? first : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        } finally {
            if (command != null) {
                command.kill(); // ended or not: nothing it made outlives the question
            }
        }
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through to the JVM's view
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static Map<String, Long> meminfo() {
        Map<String, Long> values = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 2 && parts[0].endsWith(":")) {
                    values.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a host without /proc/meminfo answers zeros
        }
        return values;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
