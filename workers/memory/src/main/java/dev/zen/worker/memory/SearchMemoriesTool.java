package dev.zen.worker.memory;

import static dev.zen.worker.memory.MemoryFields.AFTER;
import static dev.zen.worker.memory.MemoryFields.BEFORE;
import static dev.zen.worker.memory.MemoryFields.NAMESPACE;
import static dev.zen.worker.memory.MemoryFields.TAGS;
import static dev.zen.worker.memory.MemoryFields.TAG_MATCH;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code search_memories}: hybrid search — the vector ranking (cosine similarity of the query's
 * embedding) and the keyword ranking (BM25 or the store's full-text rank) fused by reciprocal rank
 * fusion ({@link HybridRanking}) — filtered by tags and time, at most {@code limit} hits.
 */
final class SearchMemoriesTool implements ToolHandler {

    static final String NAME = "search_memories";
    static final int MAX_LIMIT = 50;

    static final Field<String> QUERY = Field.string("query", "What to look for, in your own words").required().minLength(1)
            .maxLength(4096).content();
    static final Field<Integer> LIMIT = Field.integer("limit", "Most hits (at most " + MAX_LIMIT + ")", 1, MAX_LIMIT).defaultsTo(10);
    static final Field<Double> MIN_SCORE = Field.number("min_score", "Leave out hits whose cosine similarity to the query is below this "
            + "(0 to 1; e.g. 0.3)");
    static final ObjectShape INPUT = ObjectShape.of(QUERY, LIMIT, MIN_SCORE, TAGS, TAG_MATCH, AFTER, BEFORE, NAMESPACE);

    static final Field<Double> SCORE = Field.number("score", "The fused rank score, in (0, 1]: 1 is first in both rankings").required();
    static final Field<Double> SIMILARITY = Field.number("similarity", "Cosine similarity of the memory to the query (absent when only "
            + "the keyword ranking found it)");
    static final Field<ObjectNode> MEMORY = Field.object("memory", "The memory", MemoryFields.MEMORY).required();
    static final ObjectShape HIT = ObjectShape.of(SCORE, SIMILARITY, MEMORY).describedAs("A hit");
    static final Field<List<ObjectNode>> HITS = Field.objects("hits", "The hits, best first", HIT).required();
    static final ObjectShape OUTPUT = ObjectShape.of(HITS);

    private final Memories memories;

    private SearchMemoriesTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("Search memories")
                .description("Finds the memories that best match a query: meaning (vector similarity of all-MiniLM-L6-v2 embeddings) "
                        + "and words (keyword relevance) fused by reciprocal rank fusion. Filter by tags (tag_match any/all), after/before "
                        + "and namespace (default your own); limit up to 50; min_score drops hits less similar than that. Returns score, "
                        + "similarity, content and metadata per hit.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new SearchMemoriesTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        MemoryFilter filter = MemoryFields.filter(call, args, false);
        Double minScore = args.get(MIN_SCORE);
        if (minScore != null && (minScore < 0 || minScore > 1)) {
            throw new dev.zen.worker.runtime.ToolFailure("Expected 'min_score' between 0 and 1, but it was " + minScore);
        }
        List<HybridRanking.Fused> hits = memories.search(filter, args.get(QUERY), args.get(LIMIT), minScore);
        call.facts().put("namespace", filter.namespace()).put("hits", hits.size())
                .put("ids", hits.stream().map(h -> h.memory().id()).limit(20).toList());
        StringBuilder text = new StringBuilder(hits.isEmpty() ? "(no memories match)\n" : "");
        hits.forEach(h -> text.append(String.format(java.util.Locale.ROOT, "%.3f ", h.score())).append(h.memory().id()).append(": ")
                .append(preview(h.memory().content())).append('\n'));
        return OUTPUT.builder().put(HITS, hits.stream().map(SearchMemoriesTool::hit).toList()).result(text.toString());
    }

    static ObjectNode hit(HybridRanking.Fused hit) {
        ObjectShape.Builder out = HIT.builder().put(SCORE, hit.score()).put(MEMORY, MemoryFields.describe(hit.memory()));
        if (hit.similarity() != null) {
            out.put(SIMILARITY, hit.similarity());
        }
        return out.build();
    }

    static String preview(String content) {
        String line = content.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
