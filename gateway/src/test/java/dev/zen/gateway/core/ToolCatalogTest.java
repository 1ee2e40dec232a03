package dev.zen.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolDescriptor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolCatalogTest {

    private final RecordCodec codec = RecordCodec.shared();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ToolCatalog catalog = new ToolCatalog(new RecordValidator(codec), now::get);

    private ServiceAnnouncement announcement(String service, String instance, String... tools) {
        List<ToolDescriptor> descriptors = java.util.Arrays.stream(tools)
                .map(t -> new ToolDescriptor(t, null, null, schema("{\"type\":\"object\"}"), null, null, null)).toList();
        return new ServiceAnnouncement(null, service, instance, "1", null, descriptors, null, null, null, now.get(), now.get(), 1_000);
    }

    private JsonNode schema(String json) {
        return codec.tree(json.getBytes());
    }

    @Test
    void shouldServeTheUnionOfHealthyInstancesAndNotifyOnChange() {
        AtomicInteger changes = new AtomicInteger();
        catalog.onToolsChanged(changes::incrementAndGet);

        catalog.announced(announcement("fs", "a", "read", "write"));
        catalog.announced(announcement("git", "b", "status"));
        catalog.announced(announcement("fs", "a", "read", "write")); // a heartbeat changes nothing

        assertThat(catalog.liveTools()).extracting(ToolEntry::name).containsExactly("read", "status", "write");
        assertThat(changes).hasValue(2);
    }

    @Test
    void shouldTellAToolWithoutLiveWorkerFromAnUnknownOne() {
        catalog.announced(announcement("fs", "a", "read"));
        catalog.stopped("fs/a");

        assertThat(catalog.liveTool("read")).isEmpty();
        assertThat(catalog.knownService("read")).contains("fs");
        assertThat(catalog.knownService("nope")).isEmpty();
    }

    @Test
    void shouldDropInstancesThatMissThreeHeartbeatsAndForgetThemLater() {
        catalog.announced(announcement("fs", "a", "read"));

        now.addAndGet(3_001);
        catalog.refresh();
        assertThat(catalog.liveTools()).isEmpty();
        assertThat(catalog.services()).containsKey("fs");

        now.addAndGet(10 * 60_000);
        catalog.refresh();
        assertThat(catalog.services()).isEmpty();
        assertThat(catalog.knownService("read")).contains("fs");
    }

    @Test
    void shouldKeepServingTheOtherToolsWhenOneSchemaIsBroken() {
        ToolDescriptor broken = new ToolDescriptor("broken", null, null,
                schema("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:1/missing.json\"}}}"), null, null, null);
        ToolDescriptor fine = new ToolDescriptor("fine", null, null, schema("{\"type\":\"object\"}"), null, null, null);

        catalog.announced(new ServiceAnnouncement(null, "svc", "i", "1", null, List.of(broken, fine), null, null, null,
                now.get(), now.get(), 1_000));

        assertThat(catalog.liveTools()).extracting(ToolEntry::name).contains("fine");
    }
}
