package dev.zen.gateway.core;

import dev.zen.schemas.Job;
import dev.zen.schemas.RecordCodec;
import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A job as callers see it (REST body, webhook {@code data}): never the callback secret. */
public final class JobJson {

    private JobJson() {
    }

    public static ObjectNode render(Job job, RecordCodec codec) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", job.id());
        json.put("tool", job.tool());
        json.put("status", job.status().wire());
        if (job.statusMessage() != null) {
            json.put("statusMessage", job.statusMessage());
        }
        if (job.progress() != null) {
            ObjectNode progress = json.putObject("progress").put("progress", job.progress().progress());
            if (job.progress().total() != null) {
                progress.put("total", job.progress().total());
            }
            if (job.progress().message() != null) {
                progress.put("message", job.progress().message());
            }
        }
        json.put("createdAt", Instant.ofEpochMilli(job.createdAt()).toString());
        json.put("updatedAt", Instant.ofEpochMilli(job.updatedAt()).toString());
        if (job.completedAt() != null) {
            json.put("completedAt", Instant.ofEpochMilli(job.completedAt()).toString());
        }
        json.put("expiresAt", Instant.ofEpochMilli(job.expiresAt()).toString());
        if (job.timings() != null) {
            json.putObject("timings").put("queuedMs", job.timings().queuedMs()).put("executedMs", job.timings().executedMs());
        }
        if (job.result() != null) {
            json.set("result", codec.tree(codec.encode(job.result())));
        }
        if (job.error() != null) {
            json.putObject("error").put("code", job.error().code()).put("message", job.error().message());
        }
        if (job.callback() != null) {
            ObjectNode callback = json.putObject("callback").put("url", job.callback().url());
            var attempts = callback.putArray("deliveries");
            job.deliveries().forEach(d -> {
                ObjectNode attempt = attempts.addObject().put("attempt", d.attempt()).put("at", Instant.ofEpochMilli(d.at()).toString())
                        .put("outcome", d.outcome()).put("durationMs", d.durationMs());
                if (d.httpStatus() != null) {
                    attempt.put("httpStatus", d.httpStatus());
                }
                if (d.error() != null) {
                    attempt.put("error", d.error());
                }
            });
        }
        json.putObject("links").put("self", "/v1/jobs/" + job.id());
        return json;
    }
}
