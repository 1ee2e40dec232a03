package dev.zen.worker.runtime;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The {@link ClientChannel} of a service request (resources, prompts, completion): there is no call
 * stream to talk on, so only {@link #resourceUpdated} and {@link #listChanged} do something; everything else behaves as
 * {@link ClientChannel#NONE}.
 */
final class NoticeChannel implements ClientChannel {

    private final Consumer<String> updated;
    private final Consumer<String> listChanged;

    NoticeChannel(Consumer<String> updated, Consumer<String> listChanged) {
        this.updated = updated;
        this.listChanged = listChanged;
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
    public java.util.Map<String, JsonNode> ask(java.util.Map<String, ClientRequest> requests) throws InterruptedException {
        return NONE.ask(requests);
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

    @Override
    public void listChanged(String list) {
        listChanged.accept(list);
    }
}
