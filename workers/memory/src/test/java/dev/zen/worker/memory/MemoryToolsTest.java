package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ServiceCall;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.testkit.RecordingClientChannel;
import dev.zen.worker.testkit.ToolCalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The memory tools over the embedded index and the real MiniLM model: what each answers, and private namespaces. */
class MemoryToolsTest {

    static final Principal ALICE = new Principal("alice", List.of("dev"), "acme");
    static final Principal BOB = new Principal("bob", List.of("dev"), "acme");

    @TempDir
    Path dir;

    TestMemories service;

    @BeforeEach
    void setUp() {
        service = new TestMemories(dir);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void shouldStoreSearchAndMergeDuplicates() throws Exception {
        JsonNode stored = service.run(ALICE, "store_memory", "content", "The staging database is refreshed from production every Sunday",
                "tags", List.of("ops", "db"), "metadata", Map.of("source", "runbook")).structuredContent();
        String id = stored.get("stored").get(0).get("id").asString();
        assertThat(stored.get("namespace").asString()).isEqualTo("~acme:alice");
        service.run(ALICE, "store_memory", "memories", List.of(Map.of("content", "Lunch is at noon in the canteen"),
                Map.of("content", "The build server is called Hephaestus", "tags", List.of("ci"))));
        JsonNode again = service.run(ALICE, "store_memory", "content", "The staging database is refreshed from production every Sunday",
                "tags", List.of("weekly")).structuredContent();
        assertThat(again.get("stored").get(0).get("id").asString()).isEqualTo(id);
        assertThat(again.get("stored").get(0).get("merged").asBoolean()).isTrue();

        JsonNode hits = service.run(ALICE, "search_memories", "query", "when is the test environment's data copied?").structuredContent()
                .get("hits");
        assertThat(hits.get(0).get("memory").get("id").asString()).isEqualTo(id);
        assertThat(hits.get(0).get("memory").get("tags")).extracting(JsonNode::asString).containsExactlyInAnyOrder("ops", "db", "weekly");
        assertThat(hits.get(0).get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(hits.get(0).get("similarity").asDouble()).isGreaterThan(0.3);

        JsonNode tagged = service.run(ALICE, "search_memories", "query", "server name", "tags", List.of("ci")).structuredContent();
        assertThat(tagged.get("hits")).hasSize(1);
        JsonNode strict = service.run(ALICE, "search_memories", "query", "lunch", "min_score", 0.99).structuredContent();
        assertThat(strict.get("hits")).isEmpty();
    }

    @Test
    void shouldPackContextListCountUpdateAndDelete() throws Exception {
        for (int i = 0; i < 30; i++) {
            service.run(ALICE, "store_memory", "content", "Note " + i + ": the invoice run for customer " + i + " happens monthly",
                    "tags", List.of(i % 2 == 0 ? "even" : "odd"));
        }
        JsonNode context = service.run(ALICE, "get_context", "query", "monthly invoices", "token_budget", 40).structuredContent();
        assertThat(context.get("tokens_used").asLong()).isLessThanOrEqualTo(40);
        assertThat(context.get("included").size()).isGreaterThanOrEqualTo(1);
        assertThat(context.get("left_out").size()).isGreaterThan(0);

        JsonNode first = service.run(ALICE, "list_memories", "page_size", 20).structuredContent();
        assertThat(first.get("memories")).hasSize(20);
        JsonNode second = service.run(ALICE, "list_memories", "page_size", 20, "cursor", first.get("next_cursor").asString())
                .structuredContent();
        assertThat(second.get("memories")).hasSize(10);
        assertThat(second.has("next_cursor")).isFalse();

        JsonNode stats = service.run(ALICE, "memory_stats").structuredContent();
        assertThat(stats.get("count").asLong()).isEqualTo(30);
        assertThat(stats.get("tags").get("even").asLong()).isEqualTo(15);
        assertThat(stats.get("model").asString()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(stats.get("dimension").asLong()).isEqualTo(384);

        String id = first.get("memories").get(0).get("id").asString();
        JsonNode updated = service.run(ALICE, "update_memory", "id", id, "content", "The invoice run moved to the first Monday")
                .structuredContent();
        assertThat(updated.get("content").asString()).startsWith("The invoice run moved");
        assertThat(service.run(ALICE, "search_memories", "query", "first Monday invoicing", "limit", 1).structuredContent()
                .get("hits").get(0).get("memory").get("id").asString()).isEqualTo(id);

        // the newest (note 29, tagged odd) goes by id, then the other odd ones by a filter
        assertThat(service.run(ALICE, "delete_memory", "id", id).structuredContent().get("deleted").asLong()).isEqualTo(1);
        JsonNode dry = service.run(ALICE, "delete_memory", "tags", List.of("odd")).structuredContent();
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(dry.get("matched").asLong()).isEqualTo(14);
        assertThat(service.run(ALICE, "memory_stats").structuredContent().get("count").asLong()).isEqualTo(29);
        JsonNode gone = service.run(ALICE, "delete_memory", "tags", List.of("odd"), "dry_run", false).structuredContent();
        assertThat(gone.get("deleted").asLong()).isEqualTo(14);
        assertThat(service.run(ALICE, "memory_stats").structuredContent().get("count").asLong()).isEqualTo(15);
    }

    @Test
    void shouldKeepEachPrincipalsMemoriesPrivate() throws Exception {
        String id = service.run(ALICE, "store_memory", "content", "Alice's locker code is 4711").structuredContent().get("stored").get(0)
                .get("id").asString();
        assertThat(service.run(BOB, "search_memories", "query", "locker code").structuredContent().get("hits")).isEmpty();
        assertThatThrownBy(() -> service.run(BOB, "get_memory", "id", id)).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("there is none");
        assertThatThrownBy(() -> service.run(BOB, "search_memories", "query", "locker", "namespace", "~acme:alice"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("is not one");
        assertThatThrownBy(() -> service.run(BOB, "delete_memory", "id", id, "namespace", "~acme:alice"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("is not one");
        assertThat(service.run(ALICE, "memory_stats").structuredContent().get("count").asLong()).isEqualTo(1);
        // the resource: the owner reads it, another principal finds nothing
        var template = service.definition.resourceTemplates().getFirst();
        String uri = "memory://%7Eacme%3Aalice/" + id;
        Map<String, String> variables = template.template().match(uri).orElseThrow();
        JsonNode read = template.reader().read(uri, new ServiceCall(variables, ALICE, null));
        assertThat(read.get("contents").get(0).get("text").asString()).isEqualTo("Alice's locker code is 4711");
        assertThat(read.get("contents").get(0).get("uri").asString()).isEqualTo(uri);
        assertThatThrownBy(() -> template.reader().read(uri, new ServiceCall(variables, BOB, null)))
                .isInstanceOf(dev.zen.worker.runtime.ResourceNotFound.class);
        // and a subscription: the owner may, another principal hears nothing of it
        assertThat(template.reader().maySubscribe(uri, new ServiceCall(variables, ALICE, null))).isTrue();
        assertThatThrownBy(() -> template.reader().maySubscribe(uri, new ServiceCall(variables, BOB, null)))
                .isInstanceOf(dev.zen.worker.runtime.ResourceNotFound.class);
    }

    @Test
    void shouldServeASharedNamespacesMemoryAsAResourceToThoseThePolicyLetsRead() throws Exception {
        AccessGrants grants = new AccessGrants(null, true, Map.of("dev", new AccessGrants.Grant(List.of("*"), List.of(), List.of(),
                List.of("team-*"), List.of("team-notes"))), "test", 0);
        ToolCall store = ToolCalls.call("store_memory", "content", "The team's standup moved to 9:30", "namespace", "team-notes");
        String id = service.tool("store_memory").handler().handle(new ToolCall(store.callId(), "store_memory", store.arguments(), ALICE,
                store.deadline(), null, null, grants)).structuredContent().get("stored").get(0).get("id").asString();
        var template = service.definition.resourceTemplates().getFirst();
        String uri = "memory://team-notes/" + id;
        Map<String, String> variables = Map.of("namespace", "team-notes", "id", id);
        JsonNode read = template.reader().read(uri, new ServiceCall(variables, BOB, null, grants));
        assertThat(read.get("contents").get(0).get("text").asString()).isEqualTo("The team's standup moved to 9:30");
        // no policy published, or a role without the grant: as if there were no such memory
        assertThatThrownBy(() -> template.reader().read(uri, new ServiceCall(variables, BOB, null, null)))
                .isInstanceOf(dev.zen.worker.runtime.ResourceNotFound.class);
        Principal carol = new Principal("carol", List.of("guest"), "acme");
        assertThatThrownBy(() -> template.reader().read(uri, new ServiceCall(variables, carol, null, grants)))
                .isInstanceOf(dev.zen.worker.runtime.ResourceNotFound.class);
    }

    @Test
    void shouldReadBackTheUriAToolAnswersForANamespaceWithPlusAndPercent() throws Exception {
        Principal odd = new Principal("a+b|c", List.of(), null);
        JsonNode stored = service.run(odd, "store_memory", "content", "odd subjects keep their memories").structuredContent();
        String id = stored.get("stored").get(0).get("id").asString();
        assertThat(stored.get("namespace").asString()).isEqualTo("~a+b%7Cc");
        JsonNode memory = service.run(odd, "get_memory", "id", id).structuredContent();
        String uri = memory.get("uri").asString();
        var template = service.definition.resourceTemplates().getFirst();
        JsonNode read = template.reader().read(uri, new ServiceCall(template.template().match(uri).orElseThrow(), odd, null));
        assertThat(read.get("contents").get(0).get("text").asString()).isEqualTo("odd subjects keep their memories");
    }

    @Test
    void shouldTellSubscribersOfUpdatesMergesAndDeletes() throws Exception {
        String kept = service.run(ALICE, "store_memory", "content", "The build cache lives on the NAS", "tags", List.of("infra"))
                .structuredContent().get("stored").get(0).get("id").asString();
        String gone = service.run(ALICE, "store_memory", "content", "The old printer is in room 4", "tags", List.of("office"))
                .structuredContent().get("stored").get(0).get("id").asString();
        RecordingClientChannel recorder = new RecordingClientChannel();
        var client = recorder.channel();

        service.run(ALICE, client, "update_memory", "id", kept, "tags", List.of("infra", "storage"));
        service.run(ALICE, client, "store_memory", "content", "The build cache lives on the NAS", "tags", List.of("nas"));
        service.run(ALICE, client, "store_memory", "content", "A new memory tells nobody");
        service.run(ALICE, client, "delete_memory", "tags", List.of("office"), "dry_run", true);
        service.run(ALICE, client, "delete_memory", "tags", List.of("office"), "dry_run", false);

        String ns = "memory://%7Eacme%3Aalice/";
        assertThat(recorder.updated()).containsExactly(ns + kept, ns + kept, ns + gone);
    }
}
