package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.Principal;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import dev.zen.worker.testkit.ToolCommands;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Push, fetch, pull and clone over smart HTTP against JGit's GitServlet in an embedded Jetty 12 (ee11),
 * behind a filter that demands HTTP Basic with a token. One server for the class.
 */
class HttpRemoteIT {

    private static final String USER = "zen-bot";
    private static final String TOKEN = "tok-3f9c1a7e5b2d4c6e8f0a1b2c3d4e5f60";

    @TempDir
    static Path served;

    @TempDir
    Path root;

    static Server server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        TestRepos.seededBare(served, "remote.git", "over http\n");

        GitServlet git = new GitServlet();
        git.setRepositoryResolver((request, name) -> {
            try {
                return new FileRepositoryBuilder().setGitDir(served.resolve(name).toFile()).setMustExist(true).build();
            } catch (java.io.IOException e) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, e);
            }
        });
        git.setReceivePackFactory((request, repository) -> new ReceivePack(repository));
        Filter tokenOnly = (request, response, chain) -> {
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(header)) {
                HttpServletResponse http = (HttpServletResponse) response;
                http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                http.sendError(401);
                return;
            }
            chain.doFilter(request, response);
        };
        HttpServlet redirect = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                String rest = request.getRequestURI().substring("/redirect".length());
                response.setStatus(302);
                response.setHeader("Location", "http://localhost:" + port + "/git" + rest
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
            }
        };

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(git), "/git/*");
        context.addServlet(new ServletHolder(redirect), "/redirect/*");
        context.addFilter(new FilterHolder(tokenOnly), "/git/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private GitRepositories repositories(String token) {
        GitSettings settings = GitSettings.defaults(root).withRemoteAllowlist(Set.of("127.0.0.1"));
        if (token != null) {
            settings = settings.withCredentials(Map.of("127.0.0.1", new HostCredentials(null, new HostCredentials.Https(USER, token))));
        }
        return new GitRepositories(settings);
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/git/remote.git";
    }

    @Test
    void shouldCloneCommitPushFetchAndPullWithTheConfiguredToken() throws Exception {
        try (GitRepositories repositories = repositories(TOKEN)) {
            PushOperation pushes = new PushOperation(repositories);
            FetchOperation fetches = new FetchOperation(repositories);
            PullOperation pulls = new PullOperation(repositories);
            CloneOperation clones = new CloneOperation(repositories);

            var cloned = clones.cloneRepository(new CloneOperation.CloneRequest(url(), "one", null, null));
            clones.cloneRepository(new CloneOperation.CloneRequest(url(), "two", 1, "main"));
            TestRepos.commit(root.resolve("one"), "from one", Map.of("one.txt", "1"));
            var pushed = pushes.push(new PushOperation.PushRequest("one", null, null, null, null, null));
            var fetched = fetches.fetch(new FetchOperation.FetchRequest("two", null, null));
            var pulled = pulls.pull(new PullOperation.PullRequest("two", null, null, null));

            assertThat(cloned.branch()).isEqualTo("main");
            assertThat(pushed.status()).isEqualTo("OK");
            assertThat(fetched.updated()).isNotEmpty();
            assertThat(pulled.outcome()).isEqualTo("FAST_FORWARD");
            assertThat(root.resolve("two/one.txt")).hasContent("1");
            assertThat(String.valueOf(cloned) + pushed + fetched + pulled).doesNotContain(TOKEN);
            assertThat(TestRepos.read(root.resolve("one/.git/config"))).doesNotContain(TOKEN);
        }
    }

    @Test
    void shouldRefuseAWrongTokenWithoutShowingIt() {
        String wrong = "tok-wrong-5555555555555555555555";
        try (GitRepositories repositories = repositories(wrong)) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "bad", null, null)))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("refused them")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN).doesNotContain(root.toString()));
            assertThat(root.resolve("bad")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseWithoutCredentialsAndWithoutAllowlist() {
        try (GitRepositories repositories = repositories(null)) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "anon", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("none are configured for its host");
        }
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root))) {
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(url(), "anon", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_REMOTE_ALLOWLIST");
        }
        assertThat(root.resolve("anon")).doesNotExist();
    }

    @Test
    void shouldNotFollowARedirectToAHostOffTheAllowlist() {
        try (GitRepositories repositories = repositories(TOKEN)) {
            String redirecting = "http://127.0.0.1:" + port + "/redirect/remote.git";
            assertThatThrownBy(() -> new CloneOperation(repositories).cloneRepository(new CloneOperation.CloneRequest(redirecting, "moved", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_REMOTE_ALLOWLIST").hasMessageContaining("localhost");
            assertThat(root.resolve("moved")).doesNotExist();
        }
    }

    /**
     * Through the whole worker: a git worker on the shared broker clones with the right token, another
     * (its own prefix) fails with a wrong one; then every record on every topic of both prefixes
     * (commands, replies, results, audit, ledger, registry) is read back, and neither token is in any.
     */
    @Test
    void shouldKeepTheTokenOutOfEveryRecordOnKafka() throws Exception {
        String wrong = "tok-wrong-7777777777777777777777";
        ToolReply good = cloneThroughAWorker(TOKEN, "kafka-good");
        ToolReply bad = cloneThroughAWorker(wrong, "kafka-bad");

        assertThat(good.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(good.result().isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(bad.result().isError()).isTrue();
        assertThat(bad.result().content().getFirst().path("text").asString()).contains("refused them");
        List<String> records = new ArrayList<>();
        try (Admin admin = SharedKafka.admin(); KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                if (topic.startsWith(prefixes.get(0)) || topic.startsWith(prefixes.get(1))) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long until = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder text = new StringBuilder(record.topic()).append(' ').append(record.key()).append(' ');
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.UTF_8));
                    }
                    record.headers().forEach(h -> text.append(' ').append(new String(h.value(), StandardCharsets.UTF_8)));
                    records.add(text.toString());
                }
            }
        }
        assertThat(records).as("records on Kafka").anyMatch(r -> r.contains("audit") && r.contains("git_clone"));
        assertThat(records).as("records on Kafka").anyMatch(r -> r.contains("results") && r.contains("refused them"));
        assertThat(records).noneMatch(r -> r.contains(TOKEN) || r.contains(wrong));
    }

    private final List<String> prefixes = new ArrayList<>();

    private ToolReply cloneThroughAWorker(String token, String directory) throws Exception {
        String prefix = SharedKafka.uniquePrefix("githttp");
        prefixes.add(prefix);
        GitSettings settings = GitSettings.defaults(root).withRemoteAllowlist(Set.of("127.0.0.1"))
                .withCredentials(Map.of("127.0.0.1", new HostCredentials(null, new HostCredentials.Https(USER, token))));
        WorkerRuntime worker = new WorkerRuntime(GitService.definition(settings, "test"),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, directory)).start();
        try (ToolCommands commands = new ToolCommands(prefix)) {
            assertThat(worker.awaitAssignment(Duration.ofSeconds(60))).isTrue();
            ToolCommand command = ToolCommands.async("git_clone", JsonNodeFactory.instance.objectNode().put("url", url())
                    .put("directory", directory), new Principal("alice", List.of("dev"), null));
            commands.send(command);
            return commands.awaitResult(command.callId(), Duration.ofSeconds(60));
        } finally {
            worker.stop();
        }
    }
}
