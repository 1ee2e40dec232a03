package dev.zen.worker.memory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An HTTP embedding provider speaking the OpenAI-compatible {@code POST /v1/embeddings} wire format
 * ({@code {"model", "input": [...]}} → {@code {"data": [{"index", "embedding": [...]}]}}), which most
 * providers and self-hosted servers (vLLM, Ollama, LocalAI, text-embeddings-inference) answer. Its
 * answers are checked: one vector per text, each of the configured dimension. The API key is sent as a
 * bearer token and never logged. Thread-safe.
 */
final class HttpEmbedder implements Embedder {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String model;
    private final int dimension;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpEmbedder(URI endpoint, String model, int dimension, String apiKey) {
        this.endpoint = endpoint;
        this.model = model;
        this.dimension = dimension;
        this.apiKey = apiKey;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        ObjectNode request = JSON.createObjectNode().put("model", model);
        ArrayNode input = request.putArray("input");
        texts.forEach(input::add);
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString()));
        if (apiKey != null && !apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Expected the embedding provider at " + endpoint + " to answer, but " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedding provider", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Expected the embedding provider at " + endpoint + " to answer 200, but it answered "
                    + response.statusCode());
        }
        JsonNode data = JSON.readTree(response.body()).path("data");
        if (!data.isArray() || data.size() != texts.size()) {
            throw new IllegalStateException("Expected " + texts.size() + " embeddings from " + endpoint + ", but got "
                    + (data.isArray() ? data.size() : "none"));
        }
        float[][] vectors = new float[texts.size()][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= texts.size() || !embedding.isArray()) {
                throw new IllegalStateException("Expected each embedding from " + endpoint + " to have an index and an array, but one has not");
            }
            if (embedding.size() != dimension) {
                throw new IllegalStateException("Expected embeddings of " + dimension + " dimensions (MEMORY_EMBEDDING_DIMENSION) from "
                        + model + ", but got " + embedding.size());
            }
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            vectors[index] = vector;
        }
        List<float[]> ordered = new ArrayList<>();
        for (float[] vector : vectors) {
            if (vector == null) {
                throw new IllegalStateException("Expected an embedding for every text from " + endpoint + ", but one is missing");
            }
            ordered.add(vector);
        }
        return ordered;
    }
}
