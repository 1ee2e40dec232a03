package dev.zen.worker.terminal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a command runs: inside bubblewrap ({@link Bubblewrap}), or, only when the operator turned the
 * sandbox off, directly on the host ({@link HostProcesses}). Either way the command gets a fresh,
 * minimal environment (nothing of the worker's own) and the {@link Limits}. Thread-safe.
 */
sealed interface Sandbox permits Bubblewrap, HostProcesses {

    /**
     * A process builder that starts {@code launch}; its environment is already the command's whole
     * environment. {@code marker} goes on the sandbox's command line (see {@link CommandProcess}).
     */
    ProcessBuilder builder(Launch launch, String marker);

    /** Starts {@code launch}; {@code mergeErrors} sends stderr into stdout. */
    default CommandProcess start(Launch launch, boolean mergeErrors) throws java.io.IOException {
        String marker = isolated() ? CommandProcess.newMarker() : null;
        return new CommandProcess(Launcher.start(builder(launch, marker).redirectErrorStream(mergeErrors)), marker);
    }

    /** Whether commands are isolated from the host (namespaces, read-only system, private /tmp). */
    boolean isolated();

    /** One line for the start log and {@code system_info}. */
    String describe();

    /** The environment every command starts from, before the caller's allowed additions. */
    static Map<String, String> baseEnvironment(String home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home);
        env.put("TMPDIR", "/tmp");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** Replaces {@code builder}'s inherited environment (the worker's, with its secrets) by {@code env}. */
    static ProcessBuilder withOnly(ProcessBuilder builder, Map<String, String> env) {
        Map<String, String> target = builder.environment();
        target.clear();
        target.putAll(env);
        return builder;
    }
}
