package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The executables {@code terminal_exec} may run ({@code TERMINAL_ALLOWED_COMMANDS}), resolved once at
 * start to the absolute, symlink-free path that is then always what runs. A caller names an executable
 * by its entry on the list ({@code ls}) or by exactly that resolved path ({@code /usr/bin/ls}); any
 * other path to it ({@code /bin/ls}, {@code ./ls}, a symlink) is refused, so that what the list says is
 * what a reader of the audit sees.
 *
 * <p>Shells, command launchers ({@code env}, {@code xargs}, {@code timeout} ...) and interpreters run
 * whatever they are told, so with one of them on the list the list would limit nothing: they are
 * accepted only when {@code TERMINAL_SHELL=on}. Immutable and thread-safe.
 */
final class AllowedCommands {

    /** Where a bare name is looked up, in this order; all of it is inside the sandbox's read-only {@code /usr}. */
    static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"),
            Path.of("/usr/local/sbin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    /**
     * Programs that run other programs or code they are given (shells, launchers, interpreters, compilers,
     * and tools with an option to run a command). A heuristic list, not a proof: anything else on the
     * allow-list should be a program that does only its own job, and a per-command rule narrows those
     * that have an escape hatch (find -exec, tar --to-command, sort --compress-program, sed e).
     */
    static final Pattern RUNS_OTHERS = Pattern.compile("(r?bash|sh|dash|zsh|k?sh93|[mp]?ksh|t?csh|fish|ash|yash|busybox|toybox"
            + "|env|xargs|nohup|nice|ionice|timeout|setsid|stdbuf|chroot|unshare|nsenter|setpriv|sudo|su|doas|runuser|pkexec|script"
            + "|strace|ltrace|gdb|valgrind|flock|watch|time|parallel|expect|chrt|taskset|systemd-run|bwrap|prlimit|firejail|ssh|rsh"
            + "|[gmn]?awk|python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|deno|bun|php[0-9.]*|lua[0-9.]*|luajit|tclsh[0-9.]*"
            + "|wish[0-9.]*|guile[0-9.]*|java|jshell|Rscript|R|julia|vim?|vim\\..*|nvim|view|vimdiff|editor|emacs|ed|ex|less|more|man"
            + "|make|cmake|gcc(-[0-9]+)?|g\\+\\+(-[0-9]+)?|cc|c\\+\\+|clang.*|tcc|go|cargo|rustc|npm|npx|pip[0-9.]*|apt(-get)?|dpkg"
            + "|split|install|dc|m4|zip|rsync|scp|sftp|socat|ncat|nc(\\..*)?|netcat|sqlite3|ldd|ld-linux.*|setarch|linux(32|64)|capsh"
            + "|run-parts|ssh-agent|tmux|screen|wget|at|batch|crontab|nohup)");

    /** One allowed executable: its name on the list and the absolute path that runs. */
    record Executable(String name, Path path) {
    }

    private final Map<String, Executable> byName;
    private final Map<String, Executable> byPath;
    private final Set<String> missing;

    /**
     * Resolves {@code entries}.
     *
     * @throws IllegalArgumentException when an entry runs other programs and {@code shellAllowed} is
     *     false, or when an absolute entry does not exist or is outside {@code /usr}
     */
    AllowedCommands(Set<String> entries, boolean shellAllowed) {
        Map<String, Executable> names = new TreeMap<>();
        Map<String, Executable> paths = new TreeMap<>();
        Set<String> notFound = new TreeSet<>();
        for (String entry : entries) {
            Path found = entry.startsWith("/") ? Path.of(entry) : lookUp(entry);
            if (found == null) {
                notFound.add(entry);
                continue;
            }
            Path real;
            try {
                real = found.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("Expected TERMINAL_ALLOWED_COMMANDS entry '" + entry + "' to exist, but " + found
                        + " cannot be resolved (" + e.getMessage() + ")");
            }
            if (!Files.isRegularFile(real) || !Files.isExecutable(real)) {
                throw new IllegalArgumentException("Expected TERMINAL_ALLOWED_COMMANDS entry '" + entry + "' to be an executable file, but "
                        + real + " is not");
            }
            if (!real.startsWith("/usr/")) {
                throw new IllegalArgumentException("Expected TERMINAL_ALLOWED_COMMANDS entry '" + entry + "' to resolve inside /usr (the "
                        + "system the sandbox shows read-only), but it resolves to " + real);
            }
            String name = entry.startsWith("/") ? found.getFileName().toString() : entry;
            if (!shellAllowed && (runsOthers(name) || runsOthers(real.getFileName().toString()))) {
                throw new IllegalArgumentException("Expected TERMINAL_ALLOWED_COMMANDS to hold no shell, launcher or interpreter while "
                        + "TERMINAL_SHELL is off, but '" + entry + "' (" + real + ") runs whatever it is told, so the list would limit "
                        + "nothing; remove it, or set TERMINAL_SHELL=on on purpose");
            }
            Executable executable = new Executable(name, real);
            names.put(name, executable);
            paths.put(real.toString(), executable);
        }
        this.byName = Map.copyOf(names);
        this.byPath = Map.copyOf(paths);
        this.missing = Set.copyOf(notFound);
    }

    static boolean runsOthers(String fileName) {
        return RUNS_OTHERS.matcher(fileName).matches();
    }

    private static Path lookUp(String name) {
        for (Path directory : SEARCH_PATH) {
            Path candidate = directory.resolve(name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The executable {@code argv0} names.
     *
     * @param workspace the workspace on the host, where a relative or {@code /workspace} path is looked at
     * @throws ToolFailure when it is not on the list, reaches an allowed one by another path, or is a
     *     shell or launcher; the message says which
     */
    Executable resolve(String argv0, Path workspace) {
        Executable named = byName.get(argv0);
        if (named != null && !argv0.contains("/")) {
            return named;
        }
        Executable atPath = byPath.get(argv0);
        if (atPath != null) {
            return atPath;
        }
        String fileName = argv0.substring(argv0.lastIndexOf('/') + 1);
        if (argv0.contains("/")) {
            Executable same = byName.get(fileName);
            if (same != null) {
                throw new ToolFailure("Expected command[0] to name an allowed executable by its name '" + same.name()
                        + "' or its resolved path " + same.path() + ", but '" + Shown.clip(argv0) + "' is another path; nothing ran");
            }
            Path real = realPath(argv0, workspace);
            if (real != null && byPath.containsKey(real.toString())) {
                Executable target = byPath.get(real.toString());
                throw new ToolFailure("Expected command[0] to name an allowed executable by its name '" + target.name()
                        + "' or its resolved path " + target.path() + ", but '" + Shown.clip(argv0) + "' is another path to it; nothing ran");
            }
        }
        if (runsOthers(fileName)) {
            throw new ToolFailure("Expected command[0] to be an executable on TERMINAL_ALLOWED_COMMANDS, but '" + Shown.clip(argv0)
                    + "' is a shell, launcher or interpreter, which would run commands the list does not allow; nothing ran"
                    + " (a script runs with shell_command where the operator enabled it)");
        }
        throw new ToolFailure("Expected command[0] to be an executable on TERMINAL_ALLOWED_COMMANDS (" + String.join(", ", byName.keySet())
                + "), but '" + Shown.clip(argv0) + "' is not on it; nothing ran");
    }

    /** Where {@code path} leads on the host: a sandbox path under /workspace or a relative one is read in the workspace. */
    private static Path realPath(String path, Path workspace) {
        try {
            Path host = path.startsWith(Workspace.MOUNT + "/") ? workspace.resolve(path.substring(Workspace.MOUNT.length() + 1))
                    : path.startsWith("/") ? Path.of(path) : workspace.resolve(path);
            return host.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The allowed executables by name, sorted. */
    List<Executable> all() {
        return new ArrayList<>(new TreeMap<>(byName).values());
    }

    /** Entries of the list that were not found on this machine (they cannot run). */
    Set<String> missing() {
        return missing;
    }
}
