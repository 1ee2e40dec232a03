package dev.zen.gateway;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as {@code ./zen up} runs it: the built exec jar in its own JVM, configured by
 * command-line properties, its output in {@code target/<name>.log}. For tests that kill it.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;

    private GatewayProcess(Process process) {
        this.process = process;
    }

    /** Starts the exec jar with {@code --server.port=port} and the given {@code --zen.*} properties; does not wait for it. */
    static GatewayProcess start(String name, int port, List<String> properties) throws Exception {
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow(() ->
                    new IllegalStateException("Expected the gateway's exec jar in target/, but there is none: run mvn package first"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(properties);
        return new GatewayProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/" + name + ".log")).start());
    }

    /** SIGKILL: no shutdown hook, nothing flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Expected the killed gateway to exit within 30 s, but it did not");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
