package dev.zen.ops;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.memory.MemoryService;
import dev.zen.worker.memory.MemorySettings;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The memory rows of {@code ./zen bench}'s {@code services} group. Memories are generated sentences
 * ({@link #sentence}) stored once and kept: through the platform in the bench's own namespace, and in
 * this process in an embedded index of its own (the floor: the memory service's own handlers, embed and
 * store query, no platform). Searches ask for generated questions.
 */
final class MemoryBench implements AutoCloseable {

    static final Principal BENCH = new Principal("bench", List.of(), null);
    static final String[] SUBJECTS = {"the billing service", "the deploy pipeline", "our Kafka cluster", "the on-call rota", "the office",
        "the data warehouse", "customer onboarding", "the mobile app", "the security review", "the quarterly planning"};
    static final String[] FACTS = {"moved to a new owner", "runs every night at two", "needs two approvals", "was upgraded last week",
        "costs more than planned", "is documented in the wiki", "fails when disks fill up", "is paused during holidays",
        "has a new dashboard", "depends on the auth service"};

    private final ToolHandler store;
    private final ToolHandler search;
    private final ToolHandler stats;
    private final AtomicLong counter = new AtomicLong();

    MemoryBench(Path directory) throws Exception {
        ServiceDefinition definition = new MemoryService().define(Settings.of(Map.of("MEMORY_DATA_DIR", directory.toString()),
                MemorySettings.ALL), "bench");
        this.store = handler(definition, "store_memory");
        this.search = handler(definition, "search_memories");
        this.stats = handler(definition, "memory_stats");
    }

    private static ToolHandler handler(ServiceDefinition definition, String tool) {
        return definition.tools().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow().handler();
    }

    /** The n-th generated memory: a subject, a fact and a number, so that every text differs. */
    static String sentence(long n) {
        return "Note " + n + ": " + SUBJECTS[(int) (n % SUBJECTS.length)] + " " + FACTS[(int) ((n / SUBJECTS.length) % FACTS.length)]
                + " (item " + n + ").";
    }

    /** A question in other words than the memories use. */
    static String question() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "what do we know about " + SUBJECTS[random.nextInt(SUBJECTS.length)] + " and its schedule?";
    }

    /** A store_memory batch of {@code size} generated memories from {@code first}. */
    static ObjectNode batch(long first, int size) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        ArrayNode memories = arguments.putArray("memories");
        for (long n = first; n < first + size; n++) {
            memories.addObject().put("content", sentence(n));
        }
        return arguments;
    }

    /** Fills the floor's index up to {@code total} memories (kept between runs). */
    void fill(long total) throws Exception {
        long have = count();
        for (long n = have; n < total; n += 100) {
            call(store, batch(n, (int) Math.min(100, total - n)));
        }
    }

    /** Memories the floor's namespace holds (earlier runs' included). */
    long count() throws Exception {
        return call(stats, JsonNodeFactory.instance.objectNode()).structuredContent().get("count").asLong();
    }

    void searchOnce() throws Exception {
        call(search, JsonNodeFactory.instance.objectNode().put("query", question()).put("limit", 10));
    }

    void storeOne() throws Exception {
        call(store, JsonNodeFactory.instance.objectNode().put("content", "Single " + System.nanoTime() + " " + sentence(
                counter.incrementAndGet())));
    }

    void storeBatch() throws Exception {
        call(store, batch(1_000_000_000L + counter.addAndGet(32), 32));
    }

    private static CallToolResult call(ToolHandler handler, JsonNode arguments) throws Exception {
        CallToolResult result = handler.handle(new ToolCall("bench-" + System.nanoTime(), "memory", arguments, BENCH,
                System.currentTimeMillis() + 120_000));
        if (result.isErrorResult()) {
            throw new IllegalStateException("Expected the memory tool to succeed, but it answered " + result);
        }
        return result;
    }

    /** The store_memory arguments wrk sends: one new memory per request (wrk puts the request's number at @ID@). */
    static String singleArguments() {
        return "{\"content\":\"Platform note @ID@: " + SUBJECTS[3] + " " + FACTS[4] + " (item @ID@).\"}";
    }

    /** A batch of 32 new memories per request. */
    static String batchArguments() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            items.add("{\"content\":\"Batch note @ID@-" + i + ": " + SUBJECTS[i % SUBJECTS.length] + " " + FACTS[i % FACTS.length] + ".\"}");
        }
        return "{\"memories\":[" + String.join(",", items) + "]}";
    }

    @Override
    public void close() {
        // the service's store closes with the JVM (its shutdown hook)
    }
}
