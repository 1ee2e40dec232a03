package dev.zen.worker.terminal;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background processes of this worker ({@code process_*} tools): started in the sandbox, owned by
 * the principal that started them (another caller is told "no such process", never that it exists),
 * capped per principal ({@code TERMINAL_MAX_PROCESSES_PER_PRINCIPAL} running) and per worker
 * ({@code TERMINAL_MAX_BACKGROUND} held), killed at {@code TERMINAL_PROCESS_MAX_RUNTIME}, and
 * forgotten {@code TERMINAL_PROCESS_TTL} after they ended. They live in this worker's memory: a worker
 * that stops kills them, and another replica of the service does not know them. Thread-safe.
 */
final class BackgroundProcesses implements AutoCloseable {

    private final Sandbox sandbox;
    private final TerminalSettings settings;
    private final Map<String, BackgroundProcess> byId = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final AtomicLong started = new AtomicLong();

    BackgroundProcesses(Sandbox sandbox, TerminalSettings settings) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("zen-terminal-sweeper").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** The owner key of a principal: its tenant and subject. */
    static String owner(Principal principal) {
        return (principal.tenant() == null ? "" : principal.tenant()) + "\u0000" + principal.subject();
    }

    /** Processes this registry started, in all. */
    long started() {
        return started.get();
    }

    /** Starts {@code launch} for {@code principal}, to be killed after {@code maxRuntime}. */
    synchronized BackgroundProcess start(Principal principal, Launch launch, Duration maxRuntime) {
        String owner = owner(principal);
        long running = byId.values().stream().filter(p -> p.owner().equals(owner) && p.running()).count();
        if (running >= settings.maxProcessesPerPrincipal()) {
            throw new ToolFailure("Expected fewer than " + settings.maxProcessesPerPrincipal() + " running background processes of yours "
                    + "(TERMINAL_MAX_PROCESSES_PER_PRINCIPAL), but " + running + " run; end one with process_kill first. Nothing started");
        }
        if (byId.size() >= settings.maxBackground()) {
            // make room by forgetting the longest-ended process, never a running one
            byId.values().stream().filter(p -> !p.running()).min(Comparator.comparing(BackgroundProcess::endedAt))
                    .ifPresent(p -> byId.remove(p.id()));
        }
        if (byId.size() >= settings.maxBackground()) {
            throw new ToolFailure("Expected room for another background process on this worker, but all " + settings.maxBackground()
                    + " (TERMINAL_MAX_BACKGROUND) are running; nothing started, retry later");
        }
        CommandProcess process;
        try {
            process = sandbox.start(launch, true);
        } catch (IOException e) {
            throw new ToolFailure("Expected to start '" + launch.name() + "', but " + e.getMessage());
        }
        started.incrementAndGet();
        Instant now = Instant.now();
        String id = "p-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        BackgroundProcess background = new BackgroundProcess(id, owner, launch, process, new OutputLog(settings.processBufferBytes()),
                now, now.plus(maxRuntime));
        byId.put(id, background);
        return background;
    }

    /**
     * The process {@code id} of {@code principal}.
     *
     * @throws ToolFailure when there is none, or it is another principal's (the same message: no leak)
     */
    BackgroundProcess get(Principal principal, String id) {
        BackgroundProcess process = byId.get(id);
        if (process == null || !process.owner().equals(owner(principal))) {
            throw new ToolFailure("Expected a background process of yours, but there is no process '" + Shown.clip(id)
                    + "' (ended processes are kept " + settings.processTtl().toSeconds() + " s; processes live on the worker "
                    + "replica that started them)");
        }
        return process;
    }

    /** {@code principal}'s processes, oldest first. */
    List<BackgroundProcess> list(Principal principal) {
        String owner = owner(principal);
        return byId.values().stream().filter(p -> p.owner().equals(owner)).sorted(Comparator.comparing(BackgroundProcess::startedAt))
                .toList();
    }

    /** Kills processes past their runtime and forgets those ended longer than the TTL ago. */
    void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException | Error e) {
            // a failed sweep must not end the schedule: runtimes and TTLs are enforced by the next one
            org.slf4j.LoggerFactory.getLogger(BackgroundProcesses.class).warn("Background process sweep failed: {}", e.toString());
        }
    }

    private void sweepOnce() {
        Instant now = Instant.now();
        for (BackgroundProcess process : byId.values()) {
            if (process.running() && now.isAfter(process.killAt())) {
                process.kill("it ran longer than TERMINAL_PROCESS_MAX_RUNTIME or its max_runtime_ms");
            } else if (!process.running() && process.endedAt().plus(settings.processTtl()).isBefore(now)) {
                byId.remove(process.id());
            }
        }
    }

    /** Kills every process: a stopping worker leaves none behind. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        byId.values().forEach(p -> p.kill("the worker stopped"));
    }
}
