package dev.zen.ops;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.RecordCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * The long-jobs rows of {@code ./zen bench}: {@code POST /v1/jobs} of {@code file_read} with a
 * callback to a receiver in this process. {@link #submit} is one accepted job (HTTP 202); the
 * receiver records, while {@link #recording}, how long after the job's completion (its
 * {@code completedAt}, stamped when the tracker stored the reply) the callback arrived.
 */
final class JobsBench implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();
    private final RecordCodec codec = RecordCodec.shared();
    private final URI jobs;
    private final String body;
    private final HttpServer receiver;
    private final ConcurrentLinkedQueue<Double> callbackMs = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    JobsBench(String mcpUrl, String file) throws IOException {
        this.jobs = URI.create(mcpUrl.replaceFirst("/mcp$", "") + "/v1/jobs");
        this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            long now = System.currentTimeMillis();
            if (recording) {
                String completedAt = codec.tree(received).path("data").path("completedAt").asString("");
                if (!completedAt.isEmpty()) {
                    callbackMs.add((double) (now - Instant.parse(completedAt).toEpochMilli()));
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        this.body = "{\"tool\":\"file_read\",\"arguments\":{\"path\":\"" + file + "\"},\"callback\":{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\"}}";
    }

    /** Submits one job; throws unless it was accepted (202). */
    void submit() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(jobs).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 202) {
            throw new IOException("Expected 202, got " + response.statusCode() + ": " + response.body());
        }
    }

    /** Starts or stops recording callback latencies (cleared on start). */
    void recording(boolean on) {
        if (on) {
            callbackMs.clear();
        }
        recording = on;
    }

    /** The callback latencies recorded, in ms, sorted. */
    double[] callbackLatencies() {
        double[] all = callbackMs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(all);
        return all;
    }

    @Override
    public void close() {
        receiver.stop(0);
    }
}
