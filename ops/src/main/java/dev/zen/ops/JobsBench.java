package dev.zen.ops;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.RecordCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * The long-jobs rows of {@code ./zen bench}: {@code POST /v1/jobs} of {@code file_read} with a
 * callback to a receiver in this process. {@link #submission} is the request wrk sends (good when
 * accepted, HTTP 202); the receiver records, while {@link #recording}, how long after the job's
 * completion (its {@code completedAt}, stamped when the tracker stored the reply) the callback arrived.
 */
final class JobsBench implements AutoCloseable {

    private final RecordCodec codec = RecordCodec.shared();
    private final String jobs;
    private final String body;
    private final HttpServer receiver;
    private final ConcurrentLinkedQueue<Double> callbackMs = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    JobsBench(String mcpUrl, String file) throws IOException {
        this.jobs = mcpUrl.replaceFirst("/mcp$", "") + "/v1/jobs";
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

    /** The submission of one job, checked once to be accepted. */
    Wrk.Target submission() throws IOException, InterruptedException {
        return McpSession.checked(new Wrk.Target(jobs, Map.of("Content-Type", "application/json"), body, Wrk.Expect.ACCEPTED));
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
