package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code ZEN_ANALYTICS=off}: no Streams application (no consumer group on the broker), and {@code /v1/analytics} says it is off. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyticsOffIT {

    static final String PREFIX = SharedKafka.uniquePrefix("analytics-off");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false");
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.analytics.mode", () -> "off");
    }

    @Test
    void shouldRunNoAggregationAndAnswerNotFound() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/analytics?window=1m")).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("ZEN_ANALYTICS=off");
        assertThat(SharedKafka.admin().listGroups().all().get()).noneMatch(g -> g.groupId().startsWith(PREFIX + "analytics."));
    }
}
