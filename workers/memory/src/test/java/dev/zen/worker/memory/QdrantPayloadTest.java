package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Qdrant store's payload and filters, without a server. */
class QdrantPayloadTest {

    @Test
    void shouldCarryAMemoryThroughItsPayload() {
        // given
        Instant at = Instant.parse("2026-04-05T06:07:08.123Z");
        Memory memory = new Memory(UUID.randomUUID().toString(), "alice", "text", List.of("a", "b"),
                JsonMapper.shared().createObjectNode().put("k", "v"), "hash", at, at.plusSeconds(1));

        // when
        Map<String, Value> payload = QdrantPayload.of(memory);

        // then
        assertThat(QdrantPayload.memory(memory.id(), payload)).isEqualTo(memory);
        assertThat(payload.get(QdrantPayload.METADATA).getStringValue()).isEqualTo("{\"k\":\"v\"}");
        assertThat(payload.get(QdrantPayload.CREATED_AT).getIntegerValue()).isEqualTo(at.toEpochMilli());
    }

    @Test
    void shouldPutEveryCallerValueInATypedConditionNeverInSyntax() {
        // given
        String hostile = "x\", \"should\": [{\"is_empty\": {\"key\": \"namespace\"}}], \"y\": \"";
        MemoryFilter filter = new MemoryFilter("alice", List.of(hostile, "b"), MemoryFilter.TagMatch.ALL, Instant.ofEpochMilli(1000),
                Instant.ofEpochMilli(2000));

        // when
        Filter built = QdrantPayload.filter(filter).build();

        // then
        assertThat(built.getShouldCount()).isZero();
        assertThat(built.getMustList()).hasSize(4);
        Condition namespace = built.getMust(0);
        assertThat(namespace.getField().getKey()).isEqualTo("namespace");
        assertThat(namespace.getField().getMatch().getKeyword()).isEqualTo("alice");
        assertThat(built.getMust(1).getField().getMatch().getKeyword()).isEqualTo(hostile);
        assertThat(built.getMust(3).getField().getRange().getGte()).isEqualTo(1000.0);
        assertThat(built.getMust(3).getField().getRange().getLt()).isEqualTo(2000.0);
        assertThat(QdrantPayload.filter(new MemoryFilter("alice", List.of("a", "b"), MemoryFilter.TagMatch.ANY, null, null)).build()
                .getMust(1).getField().getMatch().getKeywords().getStringsList()).containsExactly("a", "b");
    }
}
