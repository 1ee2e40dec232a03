package dev.zen.worker.memory;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a {@link Memory} sits in a Qdrant point's payload, and a {@link MemoryFilter} as a Qdrant filter:
 * {@code namespace}, {@code content}, {@code content_hash}, {@code tags} (a list), {@code metadata} (a JSON
 * string, so callers' keys never become payload fields), {@code created_at} and {@code updated_at} (epoch
 * milliseconds). Filters are built from typed conditions: a caller's text is a value, never filter syntax.
 */
final class QdrantPayload {

    static final String NAMESPACE = "namespace";
    static final String CONTENT = "content";
    static final String CONTENT_HASH = "content_hash";
    static final String TAGS = "tags";
    static final String METADATA = "metadata";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";

    private static final JsonMapper JSON = JsonMapper.shared();

    private QdrantPayload() {
    }

    static Map<String, Value> of(Memory memory) {
        Map<String, Value> payload = new HashMap<>();
        payload.put(NAMESPACE, value(memory.namespace()));
        payload.put(CONTENT, value(memory.content()));
        payload.put(CONTENT_HASH, value(memory.contentHash()));
        payload.put(TAGS, tags(memory.tags()));
        payload.put(METADATA, value(json(memory.metadata())));
        payload.put(CREATED_AT, value(memory.createdAt().toEpochMilli()));
        payload.put(UPDATED_AT, value(memory.updatedAt().toEpochMilli()));
        return payload;
    }

    static Value tags(List<String> tags) {
        return list(tags.stream().map(io.qdrant.client.ValueFactory::value).toList());
    }

    static String json(ObjectNode metadata) {
        return metadata == null ? "{}" : JSON.writeValueAsString(metadata);
    }

    static Memory memory(String id, Map<String, Value> payload) {
        return new Memory(id, payload.get(NAMESPACE).getStringValue(), payload.get(CONTENT).getStringValue(), tagList(payload),
                (ObjectNode) JSON.readTree(payload.get(METADATA).getStringValue()), payload.get(CONTENT_HASH).getStringValue(),
                Instant.ofEpochMilli(payload.get(CREATED_AT).getIntegerValue()),
                Instant.ofEpochMilli(payload.get(UPDATED_AT).getIntegerValue()));
    }

    static List<String> tagList(Map<String, Value> payload) {
        Value tags = payload.get(TAGS);
        if (tags == null || !tags.hasListValue()) {
            return List.of();
        }
        return tags.getListValue().getValuesList().stream().map(Value::getStringValue).toList();
    }

    /** The filter's conditions, to which callers may add more. */
    static Filter.Builder filter(MemoryFilter filter) {
        Filter.Builder builder = Filter.newBuilder().addMust(matchKeyword(NAMESPACE, filter.namespace()));
        if (!filter.tags().isEmpty()) {
            if (filter.tagMatch() == MemoryFilter.TagMatch.ALL) {
                filter.tags().forEach(tag -> builder.addMust(matchKeyword(TAGS, tag)));
            } else {
                builder.addMust(matchKeywords(TAGS, filter.tags()));
            }
        }
        if (filter.after() != null || filter.before() != null) {
            Range.Builder window = Range.newBuilder();
            if (filter.after() != null) {
                window.setGte(millis(filter.after()));
            }
            if (filter.before() != null) {
                window.setLt(millis(filter.before()));
            }
            builder.addMust(range(CREATED_AT, window.build()));
        }
        return builder;
    }

    /** Exact to the nanosecond, so a bound between two stored milliseconds falls where {@link MemoryFilter#test} puts it. */
    private static double millis(Instant instant) {
        return instant.getEpochSecond() * 1000.0 + instant.getNano() / 1_000_000.0;
    }

    static Filter namespaceAndHash(String namespace, String contentHash) {
        return Filter.newBuilder().addMust(matchKeyword(NAMESPACE, namespace)).addMust(matchKeyword(CONTENT_HASH, contentHash)).build();
    }

    /** Points made at exactly {@code millis}. */
    static Filter.Builder at(Filter.Builder filter, long millis) {
        return filter.clone().addMust(range(CREATED_AT, Range.newBuilder().setGte(millis).setLte(millis).build()));
    }

    /** Points made before {@code millis}. */
    static Filter.Builder before(Filter.Builder filter, long millis) {
        return filter.clone().addMust(range(CREATED_AT, Range.newBuilder().setLt(millis).build()));
    }
}
