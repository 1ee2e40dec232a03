package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one codec for Zen records: JSON bytes in UTF-8, nulls omitted, unknown fields ignored (a
 * newer writer's additions are skipped, never an error). Thread safe; share one instance.
 */
public final class RecordCodec {

    private static final RecordCodec INSTANCE = new RecordCodec();

    private final JsonMapper mapper;

    public RecordCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    public static RecordCodec shared() {
        return INSTANCE;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] encode(Object record) {
        return mapper.writeValueAsBytes(record);
    }

    public <T> T decode(byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RecordDecodingException("Expected a " + type.getSimpleName() + " record, but " + rootMessage(e), e);
        }
    }

    public JsonNode tree(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw new RecordDecodingException("Expected JSON, but " + e.getOriginalMessage(), e);
        }
    }

    public <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RecordDecodingException("Expected a " + type.getSimpleName() + " record, but " + rootMessage(e), e);
        }
    }

    public JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof JacksonException je ? je.getOriginalMessage() : String.valueOf(root.getMessage());
    }
}
