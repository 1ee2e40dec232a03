package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolFailure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Hostile input: each case gets a clear error, and nothing is lost (the memories stored before are all still there). */
class MemoryHostileInputTest {

    static final Principal ALICE = new Principal("alice", List.of("dev"), null);
    static final Principal MALLORY = new Principal("mallory", List.of("dev"), null);

    @TempDir
    Path dir;

    TestMemories service;
    long before;

    @BeforeEach
    void setUp() throws Exception {
        service = new TestMemories(dir.resolve("index"));
        service.run(ALICE, "store_memory", "content", "The quarterly report is due on the fifth", "tags", List.of("finance"));
        service.run(ALICE, "store_memory", "content", "The VPN certificate is renewed every year", "tags", List.of("it"));
        before = count(ALICE);
    }

    @AfterEach
    void nothingLost() throws Exception {
        assertThat(count(ALICE)).as("Alice's memories after the case").isEqualTo(before);
        service.close();
    }

    private long count(Principal principal) throws Exception {
        return service.run(principal, "memory_stats").structuredContent().get("count").asLong();
    }

    @Test
    void shouldRefuseAHugeContent() {
        assertThatThrownBy(() -> service.run(ALICE, "store_memory", "content", "x".repeat(40_000)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("at most 32768 characters long");
        assertThatThrownBy(() -> service.run(ALICE, "store_memory", "content", "é".repeat(20_000)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("of at most 32768 bytes (MEMORY_MAX_CONTENT), but it has 40000");
    }

    @Test
    void shouldRefuseAnotherPrincipalsNamespace() {
        for (String tool : List.of("search_memories", "list_memories", "memory_stats", "store_memory", "delete_memory")) {
            Object[] args = tool.equals("search_memories") ? new Object[] {"query", "report", "namespace", "~alice"}
                    : tool.equals("store_memory") ? new Object[] {"content", "planted", "namespace", "~alice"}
                    : new Object[] {"namespace", "~alice"};
            assertThatThrownBy(() -> service.run(MALLORY, tool, args)).as(tool).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("but '~alice' is not one");
        }
        assertThatThrownBy(() -> service.run(MALLORY, "search_memories", "query", "x", "namespace", "team/../~alice"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected 'namespace' to be a name of letters");
    }

    @Test
    void shouldTakeFilterSyntaxInTagsAndQueriesAsData() throws Exception {
        assertThatThrownBy(() -> service.run(ALICE, "search_memories", "query", "report", "tags", List.of("x' OR '1'='1")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("a tag of letters, digits");
        assertThatThrownBy(() -> service.run(ALICE, "search_memories", "query", "report", "tags", List.of("namespace:*")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("a tag of letters, digits");
        for (String query : List.of("report\" OR \"*", "namespace:* AND *:*", "'; DROP TABLE memories; --", "(((", "content:report^100")) {
            assertThat(service.run(ALICE, "search_memories", "query", query).isErrorResult()).as(query).isNotEqualTo(Boolean.TRUE);
        }
        // metadata is stored as data, whatever its keys say
        service.run(ALICE, "store_memory", "content", "metadata probe", "metadata", Map.of("$where", "1==1", "namespace", "~mallory"));
        assertThat(count(MALLORY)).isZero();
        before++;
    }

    @Test
    void shouldRefuseHugeLimits() {
        assertThatThrownBy(() -> service.run(ALICE, "search_memories", "query", "x", "limit", 1_000_000_000))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'limit' to be between 1 and 50");
        assertThatThrownBy(() -> service.run(ALICE, "list_memories", "page_size", 1_000_000_000))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'page_size' to be between 1 and 100");
        assertThatThrownBy(() -> service.run(ALICE, "get_context", "query", "x", "token_budget", 1_000_000_000))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'token_budget' to be between 1 and 100000");
        assertThatThrownBy(() -> service.run(ALICE, "list_memories", "cursor", "not-a-cursor"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected 'cursor' to be a next_cursor this tool gave");
    }

    @Test
    void shouldNotDeleteEverythingWithoutConfirmation() throws Exception {
        assertThatThrownBy(() -> service.run(ALICE, "delete_memory", "dry_run", false))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected confirmed: true to delete every memory of namespace ~alice (2), but "
                        + "it was not given; nothing was deleted");
        assertThat(service.run(ALICE, "delete_memory").structuredContent().get("dry_run").asBoolean()).isTrue();
        // a filter that matches everything is the whole namespace too
        assertThatThrownBy(() -> service.run(ALICE, "delete_memory", "after", "0001-01-01T00:00:00Z", "dry_run", false))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected confirmed: true to delete every memory of namespace ~alice (2)");
        assertThatThrownBy(() -> service.run(ALICE, "delete_memory", "tags", List.of("finance", "it"), "dry_run", false))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected confirmed: true");
    }

    @Test
    void shouldOnlyShowWhatADeleteByIdWithDryRunWouldDo() throws Exception {
        String id = service.run(ALICE, "list_memories").structuredContent().get("memories").get(0).get("id").asString();
        JsonNode dry = service.run(ALICE, "delete_memory", "id", id, "dry_run", true).structuredContent();
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(dry.get("deleted").asLong()).isZero();
        assertThat(dry.get("ids").get(0).asString()).isEqualTo(id);
    }

    @Test
    void shouldRefuseOversizedMetadataInABatch() {
        Map<String, Object> big = Map.of("blob", "x".repeat(9_000));
        assertThatThrownBy(() -> service.run(ALICE, "store_memory", "memories", List.of(Map.of("content", "small one"),
                Map.of("content", "big one", "metadata", big))))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected 'memories[1].metadata' of at most 8192 characters");
    }

    @Test
    void shouldNotGrowAMemoryPastItsTagsByMerging() throws Exception {
        List<String> tags = java.util.stream.IntStream.range(0, 32).mapToObj(i -> "t" + i).toList();
        List<String> more = java.util.stream.IntStream.range(0, 32).mapToObj(i -> "u" + i).toList();
        service.run(ALICE, "store_memory", "content", "The VPN certificate is renewed every year", "tags", tags);
        var merged = service.run(ALICE, "store_memory", "content", "The VPN certificate is renewed every year", "tags", more);
        assertThat(merged.content().toString()).contains("tags not added, a memory has at most 32: u0");
        // every read of it still answers
        JsonNode found = service.run(ALICE, "search_memories", "query", "VPN certificate").structuredContent().get("hits").get(0);
        assertThat(found.get("memory").get("tags")).hasSize(32);
        assertThat(service.run(ALICE, "list_memories").structuredContent().get("memories")).hasSize(2);
    }

    @Test
    void shouldRefuseToUpdateAMemoryToTextAnotherHolds() throws Exception {
        JsonNode listed = service.run(ALICE, "list_memories").structuredContent().get("memories");
        String id = listed.get(0).get("id").asString();
        String ownText = service.run(ALICE, "get_memory", "id", id).structuredContent().get("content").asString();
        String otherText = service.run(ALICE, "get_memory", "id", listed.get(1).get("id").asString()).structuredContent().get("content")
                .asString();
        assertThatThrownBy(() -> service.run(ALICE, "update_memory", "id", id, "content", otherText))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("another memory there holds the same text")
                .hasMessageContaining("nothing was changed");
        assertThat(service.run(ALICE, "get_memory", "id", id).structuredContent().get("content").asString()).isEqualTo(ownText);
    }

    @Test
    void shouldRefuseVectorsOfAnotherDimensionAndAnotherModel() throws Exception {
        // a misconfigured HTTP provider: it says 384 dimensions and answers 768 (a local server speaking the OpenAI embeddings format)
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            StringBuilder vector = new StringBuilder();
            for (int i = 0; i < 768; i++) {
                vector.append(i == 0 ? "" : ",").append("0.01");
            }
            byte[] body = ("{\"data\":[{\"index\":0,\"embedding\":[" + vector + "]}]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpEmbedder wrong = new HttpEmbedder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/embeddings"),
                    "all-MiniLM-L6-v2", 384, null);
            Memories misconfigured = new Memories(wrong, service.memories.store(), 32 * 1024);
            assertThatThrownBy(() -> misconfigured.store("~alice", List.of(new Memories.NewMemory("new text", List.of(), null))))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected embeddings of 384 dimensions")
                    .hasMessageContaining("but got 768");
        } finally {
            server.stop(0);
        }
        // a store made for one model refuses another at start
        Embedder other = new HttpEmbedder(URI.create("http://127.0.0.1:9/none"), "text-embedding-3-small", 384, null);
        assertThatThrownBy(() -> new Memories(other, service.memories.store(), 32 * 1024)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all-MiniLM-L6-v2").hasMessageContaining("text-embedding-3-small");
    }
}
