package dev.zen.gateway;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker in its own JVM, as {@code ./zen up} runs one (same properties),
 * from the Kafka jars on the test classpath, for tests that must kill and restart the broker. Its data
 * directory survives restarts. Not thread safe.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;
    private int starts;

    BrokerProcess(Path dir) throws Exception {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"), "num.partitions=6", "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=4", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0", ""));
        run(List.of("kafka.tools.StorageTool", "format", "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c",
                dir.resolve("server.properties").toString()), "format");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it accepts connections. */
    void start() throws Exception {
        starts++;
        process = java(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), "run-" + starts).start();
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Expected the Kafka broker to start, but it exited with " + process.exitValue()
                            + " (see " + dir + ")");
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Expected the Kafka broker to listen on " + port + " within 60 s, but it did not (see " + dir + ")");
    }

    /** SIGKILL: no clean shutdown; the log is recovered on the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Expected the killed broker to exit within 30 s, but it did not");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private void run(List<String> args, String name) throws Exception {
        Process tool = java(args, name).start();
        if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
            throw new IllegalStateException("Expected " + args + " to succeed, but it did not (see " + dir.resolve(name + ".log") + ")");
        }
    }

    private ProcessBuilder java(List<String> args, String name) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(dir.resolve(name + ".log").toString()));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
