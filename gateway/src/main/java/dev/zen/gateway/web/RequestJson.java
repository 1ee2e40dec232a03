package dev.zen.gateway.web;

import java.io.InputStream;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies from clients with hostile-input limits, before anything else looks at them:
 * nesting at most {@value #MAX_DEPTH} deep, strings at most {@value #MAX_STRING} characters, numbers
 * at most {@value #MAX_NUMBER} digits, names at most {@value #MAX_NAME} characters (the body size is
 * limited before, by {@link BodyLimitFilter}). A body over a limit is a parse error naming the limit.
 * Thread safe.
 */
public final class RequestJson {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_STRING = 1_000_000;
    public static final int MAX_NUMBER = 100;
    public static final int MAX_NAME = 1_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(MAX_NUMBER)
                    .maxNameLength(MAX_NAME)
                    .build())
            .build()).build();

    private RequestJson() {
    }

    /** The body as a tree; throws Jackson's exception (a parse error) when it is not JSON or breaks a limit. */
    public static JsonNode read(InputStream body) {
        return MAPPER.readTree(body);
    }

    public static JsonNode read(byte[] body) {
        return MAPPER.readTree(body);
    }
}
