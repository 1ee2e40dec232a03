package dev.zen.worker.runtime;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServerNotice;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplyPublisher.class);

    private final Producer<String, byte[]> producer;
    private final TopicCatalogue topics;
    private final RecordCodec codec;

    ReplyPublisher(Producer<String, byte[]> producer, TopicCatalogue topics, RecordCodec codec) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
    }

    void publish(ToolCommand command, ToolReply reply, java.util.function.Consumer<Exception> acknowledged) {
        producer.send(new ProducerRecord<>(replyTopic(command), replyPartition(command), command.callId(), codec.encode(reply),
                headers(command, ZenHeaders.RECORD_REPLY)), (metadata, error) -> acknowledged.accept(error));
    }

    /**
     * Sends a call event where the call's reply will go, with the same key: the same partition, so the
     * reader sees the events in order and before the reply. Does not wait; a lost event is logged.
     */
    void event(ToolCommand command, CallEvent event) {
        // an async call's events go to the results topic with its reply: the job tracker shows its progress
        producer.send(new ProducerRecord<>(replyTopic(command), replyPartition(command), command.callId(), codec.encode(event),
                headers(command, ZenHeaders.RECORD_EVENT)),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("Event {} of call {} was not written: {}", event.seq(), command.callId(), error.toString());
                    }
                });
    }

    /** Sends an event of a service request where its response will go, with the same key (ordered before the response). */
    void event(ServiceRequest request, CallEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, request.requestId().getBytes(StandardCharsets.UTF_8));
        headers.add(ZenHeaders.RECORD, ZenHeaders.RECORD_EVENT.getBytes(StandardCharsets.UTF_8));
        String topic = request.replyTo() != null ? request.replyTo().topic() : topics.replies();
        Integer partition = request.replyTo() != null ? request.replyTo().partition() : null;
        producer.send(new ProducerRecord<>(topic, partition, request.requestId(), codec.encode(event), headers), (metadata, error) -> {
            if (error != null) {
                LOG.warn("Event {} of request {} was not written: {}", event.seq(), request.requestId(), error.toString());
            }
        });
    }

    /** Sends a notification for every interested client to the events topic, keyed by its URI (or service). */
    void notice(ServerNotice notice) {
        producer.send(new ProducerRecord<>(topics.events(), notice.uri() != null ? notice.uri() : notice.service(), codec.encode(notice)),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("Notice {} was not written: {}", notice.method(), error.toString());
                    }
                });
    }

    /** Sends the answer to a service request to its reply-to; {@code acknowledged} as for {@link #publish}. */
    void respond(ServiceRequest request, ServiceResponse response, java.util.function.Consumer<Exception> acknowledged) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, request.requestId().getBytes(StandardCharsets.UTF_8));
        headers.add(ZenHeaders.RECORD, ZenHeaders.RECORD_RESPONSE.getBytes(StandardCharsets.UTF_8));
        String topic = request.replyTo() != null ? request.replyTo().topic() : topics.replies();
        Integer partition = request.replyTo() != null ? request.replyTo().partition() : null;
        producer.send(new ProducerRecord<>(topic, partition, request.requestId(), codec.encode(response), headers),
                (metadata, error) -> acknowledged.accept(error));
    }

    private String replyTopic(ToolCommand command) {
        return command.mode() == CallMode.SYNC && command.replyTo() != null ? command.replyTo().topic() : topics.results();
    }

    private static Integer replyPartition(ToolCommand command) {
        return command.mode() == CallMode.SYNC && command.replyTo() != null ? command.replyTo().partition() : null;
    }

    private static RecordHeaders headers(ToolCommand command, String kind) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, command.callId().getBytes(StandardCharsets.UTF_8));
        headers.add(ZenHeaders.RECORD, kind.getBytes(StandardCharsets.UTF_8));
        if (command.trace() != null && command.trace().traceparent() != null) {
            headers.add(ZenHeaders.TRACEPARENT, command.trace().traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
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
