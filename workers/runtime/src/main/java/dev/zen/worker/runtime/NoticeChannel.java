package dev.zen.worker.runtime;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The {@link ClientChannel} of a service request (resources, prompts, completion): there is no call
 * stream to talk on, so only {@link #resourceUpdated} does something; everything else behaves as
 * {@link ClientChannel#NONE}.
 */
final class NoticeChannel implements ClientChannel {

    private final Consumer<String> updated;

    NoticeChannel(Consumer<String> updated) {
        this.updated = updated;
    }

    @Override
    public void progress(double progress, Double total, String message) {
    }

    @Override
    public void log(String level, String logger, JsonNode data) {
    }

    @Override
    public JsonNode sample(JsonNode params) throws InterruptedException {
        return NONE.sample(params);
    }

    @Override
    public JsonNode elicit(JsonNode params) throws InterruptedException {
        return NONE.elicit(params);
    }

    @Override
    public boolean supports(String capability) {
        return false;
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public void closeStream() {
    }

    @Override
    public void resourceUpdated(String uri) {
        updated.accept(uri);
    }
}
