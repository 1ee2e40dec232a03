package dev.zen.worker.terminal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command checked and ready to start: the executable that runs (an absolute path), its arguments
 * (the policy's prefix included), the directory inside the workspace, and the caller's environment
 * additions (already checked against the allow-list). {@code shown} is the argv as the caller gave it,
 * for answers and the audit.
 */
record Launch(String name, Path executable, List<String> arguments, Workspace.Directory cwd, Map<String, String> environment,
        List<String> shown) {

    Launch {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        shown = List.copyOf(shown);
    }
}
