package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolFailure;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
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
        Path bare = TestRepos.bare(served, "remote.git");
        Path seed = TestRepos.repoWith(served, "seed", Map.of("README.md", "over http\n"));
        TestRepos.addRemote(seed, "origin", bare.toString());
        try (var git = org.eclipse.jgit.api.Git.open(seed.toFile())) {
            git.push().setRemote("origin").add("main").call();
        }

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
            RemoteOperation remotes = new RemoteOperation(repositories);

            var cloned = remotes.cloneRepository(new RemoteOperation.CloneRequest(url(), "one", null, null));
            remotes.cloneRepository(new RemoteOperation.CloneRequest(url(), "two", 1, "main"));
            TestRepos.commit(root.resolve("one"), "from one", Map.of("one.txt", "1"));
            var pushed = remotes.push(new RemoteOperation.PushRequest("one", null, null, null, null, null));
            var fetched = remotes.fetch(new RemoteOperation.FetchRequest("two", null, null));
            var pulled = remotes.pull(new RemoteOperation.PullRequest("two", null, null, null));

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
            assertThatThrownBy(() -> new RemoteOperation(repositories).cloneRepository(new RemoteOperation.CloneRequest(url(), "bad", null, null)))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("refused them")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN).doesNotContain(root.toString()));
            assertThat(root.resolve("bad")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseWithoutCredentialsAndWithoutAllowlist() {
        try (GitRepositories repositories = repositories(null)) {
            assertThatThrownBy(() -> new RemoteOperation(repositories).cloneRepository(new RemoteOperation.CloneRequest(url(), "anon", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("none are configured for its host");
        }
        try (GitRepositories repositories = new GitRepositories(GitSettings.defaults(root))) {
            assertThatThrownBy(() -> new RemoteOperation(repositories).cloneRepository(new RemoteOperation.CloneRequest(url(), "anon", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_REMOTE_ALLOWLIST");
        }
        assertThat(root.resolve("anon")).doesNotExist();
    }

    @Test
    void shouldNotFollowARedirectToAHostOffTheAllowlist() {
        try (GitRepositories repositories = repositories(TOKEN)) {
            String redirecting = "http://127.0.0.1:" + port + "/redirect/remote.git";
            assertThatThrownBy(() -> new RemoteOperation(repositories).cloneRepository(new RemoteOperation.CloneRequest(redirecting, "moved", null, null)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("GIT_REMOTE_ALLOWLIST").hasMessageContaining("localhost");
            assertThat(root.resolve("moved")).doesNotExist();
        }
    }
}
