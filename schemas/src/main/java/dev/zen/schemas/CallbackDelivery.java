package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A webhook to deliver, on the callbacks topic or one of its retry topics, keyed by job id. It
 * carries the exact body and webhook id of the first attempt (every retry sends the same message, as
 * Standard Webhooks requires) and the sealed secret; {@code dueAt} is when this attempt may run.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackDelivery(SchemaId schema, String jobId, String webhookId, String url, String sealedSecret, String body,
        int attempt, long dueAt) {

    public CallbackDelivery {
        schema = schema == null ? SchemaId.CALLBACK_DELIVERY : schema;
        ToolCommand.require(jobId, "jobId");
        ToolCommand.require(webhookId, "webhookId");
        ToolCommand.require(url, "url");
        ToolCommand.require(body, "body");
        attempt = Math.max(attempt, 1);
    }

    public CallbackDelivery next(long due) {
        return new CallbackDelivery(schema, jobId, webhookId, url, sealedSecret, body, attempt + 1, due);
    }
}
