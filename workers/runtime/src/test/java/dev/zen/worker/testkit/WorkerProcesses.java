package dev.zen.worker.testkit;

import dev.zen.testkit.SharedKafka;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Worker replicas as processes of their own, for fault tests that kill one with SIGKILL: each runs
 * {@code mainClass} on the test class path against the shared broker, with its instance id and a run
 * log in which the test's workers write {@code <callId> <instance>} when a call starts, so that the test
 * sees where and how often a call ran even after a kill. {@link #close()} kills what is left.
 */
public final class WorkerProcesses implements AutoCloseable {

    private final Class<?> mainClass;
    private final String prefix;
    private final Path runLog;
    private final Map<String, String> env;
    private final Map<String, Process> replicas = new HashMap<>();

    /** @param env more environment of every replica (the service's settings) */
    public WorkerProcesses(Class<?> mainClass, String prefix, Path runLog, Map<String, String> env) throws IOException {
        this.mainClass = mainClass;
        this.prefix = prefix;
        this.runLog = Files.exists(runLog) ? runLog : Files.createFile(runLog);
        this.env = Map.copyOf(env);
    }

    /** Starts replica {@code instance}; its output goes to {@code target/<name>-<prefix><instance>.log}. */
    public void start(String instance, String logName) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/" + logName + "-" + prefix + instance + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(Map.of("ZEN_KAFKA_BOOTSTRAP", SharedKafka.bootstrapServers(), "ZEN_TOPIC_PREFIX", prefix,
                "ZEN_INSTANCE_ID", instance, "ZEN_TEST_RUN_LOG", runLog.toString(), "ZEN_HEARTBEAT_MS", "500"));
        builder.environment().putAll(env);
        replicas.put(instance, builder.start());
    }

    public Process process(String instance) {
        return replicas.get(instance);
    }

    /** The instances that started the call, in order, from the run log. */
    public List<String> runsOf(String callId) throws IOException {
        return Files.readAllLines(runLog).stream().filter(l -> l.startsWith(callId + " ")).map(l -> l.substring(callId.length() + 1))
                .toList();
    }

    @Override
    public void close() {
        replicas.values().forEach(Process::destroyForcibly);
    }
}
