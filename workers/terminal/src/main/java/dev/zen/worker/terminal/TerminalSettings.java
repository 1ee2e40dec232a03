package dev.zen.worker.terminal;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of the terminal service: where commands run, whether they run in the sandbox, which
 * executables and environment names are allowed, the per-command policy, and the caps of one command,
 * of one background process and of the worker. Read once from the environment ({@link #ALL}); every
 * value is validated here so that the tools can trust it. Immutable and thread-safe.
 *
 * @param workdir the workspace: the only directory commands may write ({@code TERMINAL_WORKDIR})
 * @param sandbox whether commands run inside bubblewrap ({@code TERMINAL_SANDBOX}); off only on purpose
 * @param network whether sandboxed commands keep the host's network ({@code TERMINAL_NETWORK})
 * @param shell whether {@code shell_command} exists and shells may be allow-listed ({@code TERMINAL_SHELL})
 * @param allowedCommands executable names or absolute paths ({@code TERMINAL_ALLOWED_COMMANDS})
 * @param policyFile the per-command rules, null for the built-in ones ({@code TERMINAL_POLICY_FILE})
 * @param envAllowlist environment names a caller may set ({@code TERMINAL_ENV_ALLOWLIST})
 * @param defaultTimeout a command's timeout when the caller gives none ({@code TERMINAL_TIMEOUT})
 * @param maxTimeout the largest {@code timeout_ms} accepted ({@code TERMINAL_MAX_TIMEOUT})
 * @param maxOutputBytes the largest {@code max_output_bytes}, per stream ({@code TERMINAL_MAX_OUTPUT})
 * @param cpuSeconds RLIMIT_CPU of every process ({@code TERMINAL_CPU_SECONDS})
 * @param memoryBytes RLIMIT_AS of every process ({@code TERMINAL_MEMORY})
 * @param fileSizeBytes RLIMIT_FSIZE of every process ({@code TERMINAL_MAX_FILE_SIZE})
 * @param maxProcesses RLIMIT_NPROC inside one sandbox ({@code TERMINAL_MAX_PROCESSES})
 * @param maxConcurrent commands that run at once on this worker ({@code TERMINAL_MAX_CONCURRENT})
 * @param queueWait how long a command waits for a free slot before it is refused ({@code TERMINAL_QUEUE_WAIT})
 * @param sandboxUid the uid commands run as when the worker runs as root ({@code TERMINAL_SANDBOX_UID})
 * @param processMaxRuntime the longest a background process may run ({@code TERMINAL_PROCESS_MAX_RUNTIME})
 * @param processTtl how long an ended background process stays readable ({@code TERMINAL_PROCESS_TTL})
 * @param processBufferBytes output kept per background process ({@code TERMINAL_PROCESS_BUFFER})
 * @param maxProcessesPerPrincipal background processes one principal may hold ({@code TERMINAL_MAX_PROCESSES_PER_PRINCIPAL})
 * @param maxBackground background processes this worker holds in all ({@code TERMINAL_MAX_BACKGROUND})
 */
public record TerminalSettings(
        Path workdir,
        boolean sandbox,
        boolean network,
        boolean shell,
        Set<String> allowedCommands,
        Path policyFile,
        Set<String> envAllowlist,
        Duration defaultTimeout,
        Duration maxTimeout,
        int maxOutputBytes,
        int cpuSeconds,
        long memoryBytes,
        long fileSizeBytes,
        int maxProcesses,
        int maxConcurrent,
        Duration queueWait,
        int sandboxUid,
        Duration processMaxRuntime,
        Duration processTtl,
        int processBufferBytes,
        int maxProcessesPerPrincipal,
        int maxBackground) {

    /** Names no caller may set, whatever {@code TERMINAL_ENV_ALLOWLIST} says: they change what a command loads or runs. */
    static final Pattern FORBIDDEN_ENV = Pattern.compile("PATH|LD_.*|.*PRELOAD.*|BASH_ENV|ENV|BASH_FUNC_.*|IFS|SHELLOPTS|BASHOPTS|PS4"
            + "|PROMPT_COMMAND|HOME|TMPDIR|GIT_.*|PYTHON.*|PERL5.*|PERLLIB|RUBYOPT|RUBYLIB|NODE_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS"
            + "|CLASSPATH|.*_OPTIONS|.*_OPTS|GCONV_PATH|LOCPATH|MALLOC_.*|GLIBC_TUNABLES|HOSTALIASES|RESOLV_.*|NLSPATH|TERMINFO.*"
            + "|XDG_.*|PAGER|MANPAGER|GIT_PAGER|EDITOR|VISUAL|SHELL|LESS.*|LUA_.*|OPENSSL_.*|MAKEFLAGS|MFLAGS|SSH_.*|WGETRC|CURL_HOME"
            + "|PHPRC|TAR_.*|SYSTEMD_.*|DBUS_.*|KRB5.*|SSL_.*|.*_PROXY");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final long MAX_CONFIGURABLE_OUTPUT = 512L * 1024;

    public static final Setting<Path> WORKDIR = Setting.path("TERMINAL_WORKDIR",
            "the workspace: the only directory commands may write (`/workspace` inside the sandbox; created if missing)")
            .defaultsTo("./data/workspace");
    public static final Setting<Boolean> SANDBOX = Setting.bool("TERMINAL_SANDBOX",
            "`on`: every command runs inside bubblewrap; `off` runs commands on the host with rlimits only, logs a warning and "
                    + "announces the service as unsandboxed. The worker refuses to start when the sandbox cannot be made and this is on")
            .defaultsTo("on");
    public static final Setting<Boolean> NETWORK = Setting.bool("TERMINAL_NETWORK",
            "`on`: sandboxed commands share the host's network, so they reach what the worker reaches (the Kafka broker, local "
                    + "services, metadata endpoints); `off`: they have none, not even loopback to the host")
            .defaultsTo("off");
    public static final Setting<Boolean> SHELL = Setting.bool("TERMINAL_SHELL",
            "`on`: offer `shell_command` (a `/bin/sh` script in the sandbox) and allow shells and interpreters on the command list")
            .defaultsTo("off");
    public static final Setting<Set<String>> ALLOWED_COMMANDS = Setting.list("TERMINAL_ALLOWED_COMMANDS",
            "executables `terminal_exec` may run: names looked up in /usr/local/bin, /usr/bin, /bin (and sbin) at start, or absolute "
                    + "paths; resolved to absolute paths then. Shells, launchers (env, xargs, timeout ...) and interpreters only with "
                    + "TERMINAL_SHELL=on")
            .defaultsTo("true,false,echo,printf,pwd,ls,cat,head,tail,wc,sort,uniq,cut,tr,grep,find,diff,cmp,date,stat,du,df,"
                    + "basename,dirname,realpath,mkdir,touch,cp,mv,rm,sleep,sha256sum,tar,gzip,sed,git")
            .check(TerminalSettings::plainCommands, "a comma list of executable names or absolute paths");
    public static final Setting<Path> POLICY_FILE = Setting.path("TERMINAL_POLICY_FILE",
            "YAML file of per-command rules (allowed subcommands, refused arguments, forced arguments); unset: the built-in "
                    + "rules (workers/terminal/README.md). A file replaces them as a whole");
    public static final Setting<Set<String>> ENV_ALLOWLIST = Setting.list("TERMINAL_ENV_ALLOWLIST",
            "environment names a caller may set with `env` (comma list); PATH, LD_*, HOME, GIT_*, interpreter options and the like "
                    + "can never be listed")
            .defaultsTo("LANG,LC_ALL,LC_CTYPE,LC_COLLATE,LC_MESSAGES,TZ,TERM,NO_COLOR,COLUMNS")
            .check(TerminalSettings::allowableEnv, "names of [A-Za-z_][A-Za-z0-9_]*, none of PATH, LD_*, HOME, TMPDIR, GIT_*, "
                    + "BASH_ENV, ENV, IFS, interpreter options (PYTHON*, PERL5*, NODE_OPTIONS ...)");
    public static final Setting<Duration> TIMEOUT = Setting.duration("TERMINAL_TIMEOUT", "a command's timeout when the call gives no "
            + "`timeout_ms`").defaultsTo("30s").check(d -> d.toMillis() >= 1, "at least 1ms");
    public static final Setting<Duration> MAX_TIMEOUT = Setting.duration("TERMINAL_MAX_TIMEOUT", "the largest `timeout_ms` a call may "
            + "ask for; more is refused (run longer work with `process_start`)").defaultsTo("10m")
            .check(d -> d.toMillis() >= 1 && d.toMillis() <= Integer.MAX_VALUE, "between 1ms and about 24 days");
    public static final Setting<Long> MAX_OUTPUT = Setting.size("TERMINAL_MAX_OUTPUT", "the largest `max_output_bytes` (per stream) a "
            + "call may ask for, and the most `process_read` returns at once").defaultsTo("256KB")
            .check(v -> v >= 1024 && v <= MAX_CONFIGURABLE_OUTPUT, "between 1KB and 512KB (a reply carries the output twice)");
    public static final Setting<Integer> CPU_SECONDS = Setting.integer("TERMINAL_CPU_SECONDS",
            "RLIMIT_CPU: CPU seconds each process may use", 1, 1_000_000).defaultsTo("300");
    public static final Setting<Long> MEMORY = Setting.size("TERMINAL_MEMORY", "RLIMIT_AS: address space of each process")
            .defaultsTo("2GB").check(v -> v >= 16L * 1024 * 1024, "at least 16MB");
    public static final Setting<Long> MAX_FILE_SIZE = Setting.size("TERMINAL_MAX_FILE_SIZE", "RLIMIT_FSIZE: the largest file a process "
            + "may write").defaultsTo("1GB");
    public static final Setting<Integer> MAX_PROCESSES = Setting.integer("TERMINAL_MAX_PROCESSES",
            "RLIMIT_NPROC inside one sandbox: processes and threads one command may have at once (stops fork bombs)", 4, 100_000)
            .defaultsTo("128");
    public static final Setting<Integer> MAX_CONCURRENT = Setting.integer("TERMINAL_MAX_CONCURRENT",
            "commands (`terminal_exec`, `shell_command`) this worker runs at once; more wait up to TERMINAL_QUEUE_WAIT, then are "
                    + "refused", 1, 10_000).defaultsTo("64");
    public static final Setting<Duration> QUEUE_WAIT = Setting.duration("TERMINAL_QUEUE_WAIT", "how long a command waits for a free "
            + "slot before it is refused").defaultsTo("10s");
    public static final Setting<Integer> SANDBOX_UID = Setting.integer("TERMINAL_SANDBOX_UID", "the unprivileged uid (and gid) commands "
            + "run as when the worker runs as root; the workspace directory is handed to it at start. A worker that is not root runs "
            + "commands as itself", 1, Integer.MAX_VALUE).defaultsTo("65534");
    public static final Setting<Duration> PROCESS_MAX_RUNTIME = Setting.duration("TERMINAL_PROCESS_MAX_RUNTIME", "the longest a "
            + "background process (`process_start`) may run before it is killed").defaultsTo("1h");
    public static final Setting<Duration> PROCESS_TTL = Setting.duration("TERMINAL_PROCESS_TTL", "how long an ended background "
            + "process's output stays readable").defaultsTo("15m");
    public static final Setting<Long> PROCESS_BUFFER = Setting.size("TERMINAL_PROCESS_BUFFER", "output kept per background process "
            + "(older output is dropped and `process_read` says how much)").defaultsTo("1MB")
            .check(v -> v >= 1024 && v <= 64L * 1024 * 1024, "between 1KB and 64MB");
    public static final Setting<Integer> MAX_PROCESSES_PER_PRINCIPAL = Setting.integer("TERMINAL_MAX_PROCESSES_PER_PRINCIPAL",
            "background processes one principal may have running at once", 1, 10_000).defaultsTo("4");
    public static final Setting<Integer> MAX_BACKGROUND = Setting.integer("TERMINAL_MAX_BACKGROUND",
            "background processes this worker holds in all", 1, 100_000).defaultsTo("32");

    public static final List<Setting<?>> ALL = List.of(WORKDIR, SANDBOX, NETWORK, SHELL, ALLOWED_COMMANDS, POLICY_FILE, ENV_ALLOWLIST,
            TIMEOUT, MAX_TIMEOUT, MAX_OUTPUT, CPU_SECONDS, MEMORY, MAX_FILE_SIZE, MAX_PROCESSES, MAX_CONCURRENT, QUEUE_WAIT, SANDBOX_UID,
            PROCESS_MAX_RUNTIME, PROCESS_TTL, PROCESS_BUFFER, MAX_PROCESSES_PER_PRINCIPAL, MAX_BACKGROUND);

    public TerminalSettings {
        allowedCommands = Set.copyOf(allowedCommands);
        envAllowlist = Set.copyOf(envAllowlist);
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("Expected TERMINAL_TIMEOUT (" + defaultTimeout + ") to be at most TERMINAL_MAX_TIMEOUT ("
                    + maxTimeout + "), but it was larger");
        }
    }

    public static TerminalSettings from(Settings values) {
        return new TerminalSettings(values.get(WORKDIR), values.get(SANDBOX), values.get(NETWORK), values.get(SHELL),
                values.get(ALLOWED_COMMANDS), values.get(POLICY_FILE), values.get(ENV_ALLOWLIST), values.get(TIMEOUT),
                values.get(MAX_TIMEOUT), values.get(MAX_OUTPUT).intValue(), values.get(CPU_SECONDS), values.get(MEMORY),
                values.get(MAX_FILE_SIZE), values.get(MAX_PROCESSES), values.get(MAX_CONCURRENT), values.get(QUEUE_WAIT),
                values.get(SANDBOX_UID), values.get(PROCESS_MAX_RUNTIME), values.get(PROCESS_TTL), values.get(PROCESS_BUFFER).intValue(),
                values.get(MAX_PROCESSES_PER_PRINCIPAL), values.get(MAX_BACKGROUND));
    }

    /** The settings of {@code env} (names as in {@link #ALL}; the rest take their defaults), with the workspace {@code workdir}. */
    public static TerminalSettings of(Path workdir, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(WORKDIR.env(), workdir.toString());
        return from(Settings.of(all, ALL));
    }

    private static boolean plainCommands(Set<String> names) {
        for (String name : names) {
            if (name.indexOf('\0') >= 0 || name.contains("\n")) {
                return false;
            }
            boolean absolute = name.startsWith("/");
            if (!absolute && (name.contains("/") || name.equals(".") || name.equals(".."))) {
                return false;
            }
            if (absolute && (name.contains("/../") || name.endsWith("/..") || name.contains("/./"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowableEnv(Set<String> names) {
        return names.stream().allMatch(n -> ENV_NAME.matcher(n).matches() && !FORBIDDEN_ENV.matcher(n.toUpperCase(Locale.ROOT)).matches());
    }
}
