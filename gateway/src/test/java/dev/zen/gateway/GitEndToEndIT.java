package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.zen.testkit.SharedKafka;
import dev.zen.worker.git.GitService;
import dev.zen.worker.git.GitSettings;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The git service end to end, all real: the gateway on a random port, a git worker on the shared
 * in-JVM broker, repositories made by JGit under a temporary GIT_ROOT (one working repository, one
 * bare "origin" beside it), and the official MCP Java SDK client doing a day's work through Kafka.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GitEndToEndIT {

    static final String PREFIX = SharedKafka.uniquePrefix("git-e2e");
    static final List<String> TOOLS = List.of("git_status", "git_log", "git_diff", "git_show", "git_add", "git_commit", "git_branch",
            "git_push", "git_fetch", "git_pull", "git_clone");

    static Path root;
    static Path outside;
    static WorkerRuntime worker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false"); // on loopback only, as BindGuard requires
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.call-timeout", () -> "20s");
    }

    @BeforeAll
    static void startGitWorker() throws Exception {
        root = Files.createTempDirectory("zen-git-e2e").toRealPath();
        outside = Files.createTempDirectory("zen-git-e2e-outside").toRealPath();
        Path work = root.resolve("project");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Files.writeString(work.resolve("README.md"), "# project\n");
            git.add().addFilepattern("README.md").call();
            PersonIdent tester = new PersonIdent("Tester", "tester@example.org");
            git.commit().setMessage("Initial commit").setAuthor(tester).setCommitter(tester).setSign(false).call();
        }
        Git.init().setBare(true).setDirectory(root.resolve("origin.git").toFile()).setInitialBranch("main").call().close();
        try (Git git = Git.open(work.toFile())) {
            var config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", root.resolve("origin.git").toString());
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.save();
        }
        worker = new WorkerRuntime(GitService.definition(GitSettings.defaults(root), "test"),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "git-1").withHeartbeatInterval(Duration.ofSeconds(1)))
                .start();
        assertThat(worker.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stopGitWorker() {
        if (worker != null) {
            worker.stop();
        }
    }

    @BeforeEach
    void awaitTools() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/tools")).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"git_clone\""));
    }

    @Test
    void shouldServeEveryGitToolWithSchemasAndHonestAnnotations() {
        try (McpSyncClient client = sdkClient()) {
            client.initialize();
            List<McpSchema.Tool> tools = client.listTools().tools().stream().filter(t -> t.name().startsWith("git_")).toList();

            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.inputSchema()).isNotNull();
                assertThat(t.outputSchema()).isNotNull();
                assertThat(t.annotations()).isNotNull();
            });
            assertThat(tool(tools, "git_log").annotations().readOnlyHint()).isTrue();
            // a redelivered commit or push is never run twice: the runtime relies on these being false
            assertThat(tool(tools, "git_commit").annotations().idempotentHint()).isFalse();
            assertThat(tool(tools, "git_push").annotations().idempotentHint()).isFalse();
            assertThat(tool(tools, "git_push").annotations().destructiveHint()).isTrue();
        }
    }

    @Test
    void shouldStageCommitBranchAndPushThroughKafka() throws Exception {
        Path work = root.resolve("project");
        Files.writeString(work.resolve("notes.md"), "first note\n");
        try (McpSyncClient client = sdkClient()) {
            client.initialize();

            McpSchema.CallToolResult status = ok(client, "git_status", Map.of("repo", "project"));
            assertThat(structured(status).toString()).contains("notes.md");

            ok(client, "git_add", Map.of("repo", "project", "paths", List.of("notes.md")));
            McpSchema.CallToolResult commit = ok(client, "git_commit", Map.of("repo", "project", "message", "Add notes\n\nWritten by an agent."));
            String hash = (String) structured(commit).get("hash");
            assertThat(hash).hasSize(40);

            McpSchema.CallToolResult log = ok(client, "git_log", Map.of("repo", "project", "max_count", 1));
            assertThat(structured(log).toString()).contains(hash, "Add notes");

            Files.writeString(work.resolve("notes.md"), "first note\nsecond note\n");
            McpSchema.CallToolResult diff = ok(client, "git_diff", Map.of("repo", "project"));
            assertThat(text(diff)).contains("+second note");
            McpSchema.CallToolResult show = ok(client, "git_show", Map.of("repo", "project", "revision", hash));
            assertThat(text(show)).contains("first note");

            ok(client, "git_branch", Map.of("repo", "project", "action", "create", "name", "feature/agent"));
            assertThat(structured(ok(client, "git_branch", Map.of("repo", "project"))).toString()).contains("feature/agent");

            McpSchema.CallToolResult push = ok(client, "git_push", Map.of("repo", "project", "branch", "main", "set_upstream", true));
            assertThat(structured(push).toString()).contains(hash);
        }
        try (Git origin = Git.open(root.resolve("origin.git").toFile())) {
            RevCommit pushed = origin.log().add(origin.getRepository().resolve("refs/heads/main")).setMaxCount(1).call().iterator().next();
            assertThat(pushed.getShortMessage()).isEqualTo("Add notes");
            // with auth off the caller is the anonymous principal: the author says so, the committer is the service
            assertThat(pushed.getAuthorIdent().getName()).isEqualTo("anonymous");
        }
    }

    @Test
    void shouldRefuseHostileInputWithoutTouchingAnything() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        String headBefore = head(root.resolve("project"));
        try (McpSyncClient client = sdkClient()) {
            client.initialize();
            for (String repo : List.of("../" + outside.getFileName(), outside.toString(), "escape", "project/../../x")) {
                McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("git_status", Map.of("repo", repo)));
                assertThat(refused.isError()).as("git_status of %s", repo).isTrue();
                assertThat(text(refused)).doesNotContain(outside.toString()).doesNotContain("top secret");
            }
            // refused by the gateway against the tool's inputSchema (the same declaration the worker binds): never reaches Kafka
            Throwable dashRef = catchThrowable(() -> client.callTool(new McpSchema.CallToolRequest("git_log",
                    Map.of("repo", "project", "ref", "--output=/tmp/x"))));
            assertThat(dashRef).isInstanceOf(McpError.class).hasMessageContaining("ref");
            McpSchema.CallToolResult clone = client.callTool(new McpSchema.CallToolRequest("git_clone",
                    Map.of("url", "ext::sh -c touch% /tmp/pwned", "directory", "pwned")));
            assertThat(clone.isError()).isTrue();
            McpSchema.CallToolResult nul = client.callTool(new McpSchema.CallToolRequest("git_commit",
                    Map.of("repo", "project", "message", "a\u0000b", "allow_empty", true)));
            assertThat(nul.isError()).isTrue();
            McpSchema.CallToolResult force = client.callTool(new McpSchema.CallToolRequest("git_push",
                    Map.of("repo", "project", "branch", "main", "force", true)));
            assertThat(force.isError()).isTrue();
            assertThat(text(force)).contains("force_with_lease");
        }
        assertThat(head(root.resolve("project"))).isEqualTo(headBefore);
        assertThat(root.resolve("pwned")).doesNotExist();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
    }

    static String head(Path repo) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }

    McpSyncClient sdkClient() {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("zen-git-e2e", "1.0"))
                .build();
    }

    static McpSchema.Tool tool(List<McpSchema.Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static McpSchema.CallToolResult ok(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertThat(result.isError()).as("%s %s: %s", tool, arguments, result).isNotEqualTo(Boolean.TRUE);
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }
}
