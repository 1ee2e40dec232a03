package dev.zen.worker.runtime;

import dev.zen.schemas.CallMode;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes replies (to the command's reply-to for sync calls, to the results topic for async ones) and
 * dead letters. {@link #publish} does not block: its callback says when the broker acknowledged the
 * reply, because the offset of the command may only be committed after that. Dead letters are rare
 * and written synchronously. Thread safe (the Kafka producer is).
 */
final class ReplyPublisher {

    private final Producer<String, byte[]> producer;
    private final TopicCatalogue topics;
    private final RecordCodec codec;

    ReplyPublisher(Producer<String, byte[]> producer, TopicCatalogue topics, RecordCodec codec) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
    }

    void publish(ToolCommand command, ToolReply reply, java.util.function.Consumer<Exception> acknowledged) {
        String topic;
        Integer partition = null;
        if (command.mode() == CallMode.SYNC && command.replyTo() != null) {
            topic = command.replyTo().topic();
            partition = command.replyTo().partition();
        } else {
            topic = topics.results();
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, command.callId().getBytes(StandardCharsets.UTF_8));
        if (command.trace() != null && command.trace().traceparent() != null) {
            headers.add(ZenHeaders.TRACEPARENT, command.trace().traceparent().getBytes(StandardCharsets.UTF_8));
        }
        producer.send(new ProducerRecord<>(topic, partition, command.callId(), codec.encode(reply), headers),
                (metadata, error) -> acknowledged.accept(error));
    }

    /** Sends the record as read, with its provenance and the reason in headers, to the topic's DLT. */
    void deadLetter(ConsumerRecord<String, byte[]> record, String toolName, Throwable reason, int attempts)
            throws InterruptedException, ExecutionException {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(ZenHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ZenHeaders.DLT_ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ZenHeaders.DLT_ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(ZenHeaders.DLT_EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(ZenHeaders.DLT_REASON, utf8(String.valueOf(reason.getMessage())));
        headers.add(ZenHeaders.DLT_ATTEMPTS, utf8(Integer.toString(attempts)));
        producer.send(new ProducerRecord<>(topics.toolDlt(toolName), null, record.key(), record.value(), headers)).get();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
