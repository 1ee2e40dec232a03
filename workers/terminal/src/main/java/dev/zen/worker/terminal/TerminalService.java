package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.List;

/**
 * The {@code terminal} service: allow-listed commands, an opt-in shell and background processes, each
 * in a bubblewrap sandbox over the workspace {@code TERMINAL_WORKDIR}. It cannot run where the sandbox
 * cannot be made, unless {@code TERMINAL_SANDBOX=off} says so on purpose.
 */
public final class TerminalService implements WorkerService {

    public static final String SERVICE = "terminal";

    private Terminal terminal;
    private String problem;

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "allow-listed commands, an opt-in shell and background processes in a bubblewrap sandbox over one workspace";
    }

    @Override
    public List<Setting<?>> settings() {
        return TerminalSettings.ALL;
    }

    @Override
    public synchronized String unavailableReason(Settings values) {
        prepare(values);
        return problem;
    }

    @Override
    public synchronized ServiceDefinition define(Settings values, String version) {
        prepare(values);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Terminal prepared = terminal;
        Runtime.getRuntime().addShutdownHook(new Thread(prepared::close, "zen-terminal-stop"));
        return prepared.definition(version);
    }

    @Override
    public synchronized String describe(Settings values) {
        return terminal == null ? "" : terminal.describe();
    }

    private void prepare(Settings values) {
        if (terminal != null || problem != null) {
            return;
        }
        try {
            terminal = Terminal.create(TerminalSettings.from(values));
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem = e.getMessage();
        }
    }
}
