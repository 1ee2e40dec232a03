package dev.zen.topics;

/**
 * Names of the Kafka headers Zen writes. Headers carry transport facts only (correlation, trace,
 * dead-letter provenance), never business data the record body lacks.
 */
public final class ZenHeaders {

    /** The call id, also the record key; lets a reader filter without decoding the body. */
    public static final String CALL_ID = "zen-call-id";
    /**
     * What a record on a reply-to topic is: {@code reply} (a tool reply, the default when absent),
     * {@code event} (a call event) or {@code response} (a service response). Lets a reader pick the
     * decoder without parsing the body twice.
     */
    public static final String RECORD = "zen-record";
    public static final String RECORD_REPLY = "reply";
    public static final String RECORD_EVENT = "event";
    public static final String RECORD_RESPONSE = "response";
    /** W3C trace context of the call. */
    public static final String TRACEPARENT = "traceparent";
    /** Dead-letter provenance: where the record was read from and why it was given up. */
    public static final String DLT_ORIGINAL_TOPIC = "zen-dlt-original-topic";
    public static final String DLT_ORIGINAL_PARTITION = "zen-dlt-original-partition";
    public static final String DLT_ORIGINAL_OFFSET = "zen-dlt-original-offset";
    public static final String DLT_EXCEPTION = "zen-dlt-exception";
    public static final String DLT_REASON = "zen-dlt-reason";
    public static final String DLT_ATTEMPTS = "zen-dlt-attempts";

    private ZenHeaders() {
    }
}
