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
 * {@code get_context}: the best memories for a query packed into a token budget (a token counted as
 * four characters), best first; a memory that does not fit is left out and named, and a smaller one
 * after it may still fit.
 */
final class GetContextTool implements ToolHandler {

    static final String NAME = "get_context";

    static final Field<Integer> BUDGET = Field.integer("token_budget", "Tokens the memories may take in all (a token is counted as four "
            + "characters)", 1, 100_000).defaultsTo(2_000);
    static final Field<Integer> CANDIDATES = Field.integer("candidates", "How many of the best matches to consider", 1, 50).defaultsTo(20);
    static final ObjectShape INPUT = ObjectShape.of(SearchMemoriesTool.QUERY, BUDGET, CANDIDATES, TAGS, TAG_MATCH, AFTER, BEFORE, NAMESPACE);

    static final Field<String> CONTEXT = Field.string("context", "The included memories' texts, best first, separated by blank lines")
            .required();
    static final Field<List<ObjectNode>> INCLUDED = Field.objects("included", "The memories included, best first", SearchMemoriesTool.HIT)
            .required();
    static final Field<Long> USED = Field.count("tokens_used", "Tokens the included memories take").required();
    static final Field<Long> LEFT = Field.count("tokens_left", "Tokens of the budget left").required();
    static final Field<List<String>> LEFT_OUT = Field.strings("left_out", "Ids of matches that did not fit", 0, 50).required();
    static final ObjectShape OUTPUT = ObjectShape.of(CONTEXT, INCLUDED, USED, LEFT, LEFT_OUT);

    private final Memories memories;

    private GetContextTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("Get context")
                .description("Packs the memories that best match a query into a token budget (default 2,000; a token counted as four "
                        + "characters), best first, for a prompt. Returns the context text, the memories included, tokens used and left, "
                        + "and the ids of matches that did not fit.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new GetContextTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        MemoryFilter filter = MemoryFields.filter(call, args, false);
        int budget = args.get(BUDGET);
        Memories.Context context = memories.context(filter, args.get(SearchMemoriesTool.QUERY), budget, args.get(CANDIDATES));
        String text = String.join("\n\n", context.included().stream().map(h -> h.memory().content()).toList());
        call.facts().put("namespace", filter.namespace()).put("included", context.included().size())
                .put("tokensUsed", context.tokensUsed()).put("leftOut", context.leftOut().size());
        return OUTPUT.builder().put(CONTEXT, text).put(INCLUDED, context.included().stream().map(SearchMemoriesTool::hit).toList())
                .put(USED, context.tokensUsed()).put(LEFT, budget - context.tokensUsed())
                .put(LEFT_OUT, context.leftOut().stream().map(h -> h.memory().id()).toList())
                .result(text.isEmpty() ? "(no memory fits: " + context.leftOut().size() + " left out)" : text + "\n\n(" + context.tokensUsed()
                        + " of " + budget + " tokens; " + context.leftOut().size() + " left out)");
    }
}
