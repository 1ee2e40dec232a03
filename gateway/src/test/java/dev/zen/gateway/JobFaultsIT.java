package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.ApiKey;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Long jobs under faults, with real processes: the gateway (the built exec jar) killed with SIGKILL
 * and started again while a job runs; the broker (its own JVM) killed and started again with jobs
 * queued; the callback receiver down for a while. Each time the job's status, result and callback
 * still arrive, and no job is lost, because jobs and commands live on Kafka.
 */
class JobFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(JobFaultsIT.class);

    private final RecordCodec codec = RecordCodec.shared();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ConcurrentLinkedQueue<String> callbacks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowRuns = new AtomicInteger();
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private String prefix;
    private String bootstrap;
    private HttpServer receiver;
    private int receiverPort;
    private WorkerRuntime worker;
    private GatewayProcess gateway;
    private int port;
    private ApiKey.Issued alice;
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.stop();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        for (AutoCloseable closeable : closeLast) {
            closeable.close();
        }
    }

    /** An API key for alice, a worker serving the test-only slow tool and a callback receiver, on the cluster at {@code bootstrap}. */
    private void platform(String bootstrapServers, int concurrency) throws Exception {
        prefix = SharedKafka.uniquePrefix("faults");
        bootstrap = bootstrapServers;
        startReceiver(0);
        alice = ApiKey.issue("alice", List.of("user"), null, 1);
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topics.fixed("keys")));
            producer.send(new ProducerRecord<>(topics.keys(), alice.record().id(), codec.encode(alice.record()))).get();
        }
        ServiceDefinition service = new ServiceDefinition("faults-test", "test", List.of(
                // test-only slow tool: progress every 100 ms for `steps` steps; read-only, so running it again is allowed
                new ToolDefinition(new ToolDescriptor("slow", null, "slow", JsonNodeFactory.instance.objectNode().put("type", "object"),
                        null, ToolAnnotations.readOnly("Slow"), null), call -> {
                    slowRuns.incrementAndGet();
                    int steps = call.arguments().path("steps").asInt(100);
                    for (int i = 1; i <= steps; i++) {
                        call.client().progress(i, (double) steps, "step " + i);
                        Thread.sleep(100);
                    }
                    return CallToolResult.text("slow done");
                })));
        WorkerSettings settings = WorkerSettings.forCluster(bootstrap, prefix, "faults-1").withHeartbeatInterval(Duration.ofSeconds(1));
        settings = new WorkerSettings(settings.bootstrapServers(), settings.topicPrefix(), settings.instanceId(), settings.host(), concurrency,
                settings.heartbeatInterval(), settings.maxAttempts(), settings.retryBackoff(), settings.shutdownGrace(), Map.of());
        worker = new WorkerRuntime(service, settings).start();
        port = BrokerProcess.freePort();
    }

    private void startReceiver(int onPort) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        receiver.createContext("/hook", exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        receiverPort = receiver.getAddress().getPort();
    }

    private void startGateway(String name, String retrySchedule) throws Exception {
        gateway = GatewayProcess.start(name + "-" + prefix, port, List.of("--zen.kafka-bootstrap=" + bootstrap,
                "--zen.topic-prefix=" + prefix, "--zen.instance-id=" + name, "--zen.auth-enabled=true", "--zen.api-rate-limit=0",
                "--zen.callback-allowlist=127.0.0.1", "--zen.callback-key=a-test-callback-key",
                "--zen.callback-retry-schedule=" + retrySchedule));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> send("GET", "/v1/tools", null).body().contains("\"slow\""));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", alice.key());
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String submit(int steps) throws Exception {
        HttpResponse<String> accepted = send("POST", "/v1/jobs", "{\"tool\":\"slow\",\"arguments\":{\"steps\":" + steps
                + "},\"callback\":{\"url\":\"http://127.0.0.1:" + receiverPort + "/hook\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return codec.tree(accepted.body().getBytes(StandardCharsets.UTF_8)).path("id").asString();
    }

    private JsonNode job(String id) throws Exception {
        return codec.tree(send("GET", "/v1/jobs/" + id, null).body().getBytes(StandardCharsets.UTF_8));
    }

    private List<String> calledBack() {
        return callbacks.stream().map(b -> codec.tree(b.getBytes(StandardCharsets.UTF_8)))
                .filter(b -> b.path("type").asString().equals("job.completed")).map(b -> b.path("data").path("id").asString()).toList();
    }

    @Test
    void shouldFinishAndCallBackAJobWhoseGatewayWasKilledAndStartedAgainWhileItRan() throws Exception {
        platform(SharedKafka.bootstrapServers(), 4);
        startGateway("gw-1", "0s,1s,2s");
        String id = submit(250);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).path("progress").path("progress").asDouble(0) > 0);

        gateway.kill();
        LOG.info("Gateway gw-1 killed with SIGKILL while job {} ran; starting gw-2", id);
        startGateway("gw-2", "0s,1s,2s");

        LOG.info("Job {} as gw-2 sees it after the restart: {}", id, job(id).path("status").asString());
        await().atMost(Duration.ofSeconds(90)).until(() -> "completed".equals(job(id).path("status").asString()));
        assertThat(job(id).path("result").path("content").get(0).path("text").asString()).isEqualTo("slow done");
        await().atMost(Duration.ofSeconds(30)).until(() -> calledBack().contains(id));
        assertThat(slowRuns).as("the worker was not disturbed: the job ran once").hasValue(1);
    }

    @Test
    void shouldLoseNoQueuedJobWhenTheBrokerIsKilledAndStartedAgain() throws Exception {
        BrokerProcess broker = new BrokerProcess(dir.resolve("kafka"));
        closeLast.add(broker);
        broker.start();
        platform(broker.bootstrapServers(), 1); // one at a time: the rest wait on the tool topic
        startGateway("gw-broker", "0s,1s,2s");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submit(20));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> slowRuns.get() >= 1);

        broker.kill();
        LOG.info("Broker killed with SIGKILL with {} jobs accepted, {} started", ids.size(), slowRuns.get());
        Thread.sleep(3_000); // down for a while: the worker's replies and the gateway's writes wait and retry
        broker.start();
        LOG.info("Broker started again");

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            for (String id : ids) {
                if (!"completed".equals(job(id).path("status").asString())) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> calledBack().containsAll(ids));
        LOG.info("All {} jobs completed and were called back; the slow tool ran {} times", ids.size(), slowRuns.get());
        assertThat(slowRuns.get()).isGreaterThanOrEqualTo(ids.size());
    }

    @Test
    void shouldDeliverTheCallbackOnceTheReceiverIsUpAgain() throws Exception {
        platform(SharedKafka.bootstrapServers(), 4);
        startGateway("gw-receiver", "0s,1s,2s,4s,8s");
        receiver.stop(0); // down: connection refused
        String id = submit(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(job(id).path("status").asString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> job(id).path("callback").path("deliveries").size() >= 2);
        LOG.info("Receiver down: {} failed deliveries of job {}", job(id).path("callback").path("deliveries").size(), id);
        assertThat(callbacks).isEmpty();

        startReceiver(receiverPort);

        await().atMost(Duration.ofSeconds(60)).until(() -> calledBack().contains(id));
        LOG.info("Receiver up again: job {} called back after {} attempts", id, job(id).path("callback").path("deliveries").size());
    }
}
