package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.ApiKey;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Fault test with a real gateway process (the built exec jar in its own JVM): a long job is accepted,
 * the gateway is killed with SIGKILL while the job runs and started again, and the job's status,
 * result and callback still arrive through the new process, because the job lives on Kafka, not in
 * the gateway.
 */
class GatewayRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRestartIT.class);

    private final String prefix = SharedKafka.uniquePrefix("gwrestart");
    private final RecordCodec codec = RecordCodec.shared();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ConcurrentLinkedQueue<String> callbacks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowRuns = new AtomicInteger();
    private HttpServer receiver;
    private WorkerRuntime worker;
    private Process gateway;
    private int port;
    private ApiKey.Issued alice;

    @BeforeEach
    void setUp() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        alice = ApiKey.issue("alice", List.of("user"), null, 1);
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
                var admin = SharedKafka.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topics.fixed("keys")));
            producer.send(new ProducerRecord<>(topics.keys(), alice.record().id(), codec.encode(alice.record()))).get();
        }
        ServiceDefinition service = new ServiceDefinition("restart-test", "test", List.of(
                // test-only slow tool: progress every 100 ms for `steps` steps
                new ToolDefinition(new ToolDescriptor("slow", null, "slow", JsonNodeFactory.instance.objectNode().put("type", "object"),
                        null, null, null), call -> {
                    slowRuns.incrementAndGet();
                    int steps = call.arguments().path("steps").asInt(100);
                    for (int i = 1; i <= steps; i++) {
                        call.client().progress(i, (double) steps, "step " + i);
                        Thread.sleep(100);
                    }
                    return CallToolResult.text("slow done");
                })));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, "restart-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        worker.stop();
        receiver.stop(0);
    }

    private Process startGateway(String instance) throws Exception {
        Path jar = Files.list(Path.of("target")).filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("Expected the gateway's exec jar in target/, but there is none: run mvn package"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port,
                "--zen.kafka-bootstrap=" + SharedKafka.bootstrapServers(), "--zen.topic-prefix=" + prefix, "--zen.instance-id=" + instance,
                "--zen.auth-enabled=true", "--zen.api-rate-limit=0", "--zen.callback-allowlist=127.0.0.1",
                "--zen.callback-key=a-test-callback-key", "--zen.callback-retry-schedule=0s,1s,2s")
                .redirectErrorStream(true).redirectOutput(new File("target/gateway-restart-" + instance + ".log"));
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> send("GET", "/v1/tools", null).body().contains("\"slow\""));
        return process;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", alice.key());
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode job(String id) throws Exception {
        return codec.tree(send("GET", "/v1/jobs/" + id, null).body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFinishAndCallBackAJobWhoseGatewayWasKilledAndStartedAgainWhileItRan() throws Exception {
        gateway = startGateway("gw-1");
        HttpResponse<String> accepted = send("POST", "/v1/jobs", "{\"tool\":\"slow\",\"arguments\":{\"steps\":250},\"callback\":{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = codec.tree(accepted.body().getBytes(StandardCharsets.UTF_8)).path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).path("progress").path("progress").asDouble(0) > 0);

        gateway.destroyForcibly(); // SIGKILL, mid-job
        assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();
        LOG.info("Gateway gw-1 killed while job {} ran; starting gw-2", id);
        gateway = startGateway("gw-2");

        JsonNode during = job(id);
        LOG.info("Job {} as gw-2 sees it after the restart: {} {}", id, during.path("status").asString(), during.path("progress"));
        await().atMost(Duration.ofSeconds(90)).until(() -> "completed".equals(job(id).path("status").asString()));
        assertThat(job(id).path("result").path("content").get(0).path("text").asString()).isEqualTo("slow done");
        await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks.isEmpty());
        JsonNode callback = codec.tree(callbacks.peek().getBytes(StandardCharsets.UTF_8));
        assertThat(callback.path("type").asString()).isEqualTo("job.completed");
        assertThat(callback.path("data").path("id").asString()).isEqualTo(id);
        assertThat(slowRuns).as("the worker was not disturbed: the job ran once").hasValue(1);
    }
}
