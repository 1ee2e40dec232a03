package dev.zen.worker.memory;

import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ClientRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** A client that records the resources/updated notices a call sends; everything else as no client at all. */
final class RecordingClient implements ClientChannel {

    final List<String> updated = new CopyOnWriteArrayList<>();

    @Override
    public void resourceUpdated(String uri) {
        updated.add(uri);
    }

    @Override
    public void progress(double progress, Double total, String message) {
        NONE.progress(progress, total, message);
    }

    @Override
    public void log(String level, String logger, JsonNode data) {
        NONE.log(level, logger, data);
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
    public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) throws InterruptedException {
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
    public void listChanged(String list) {
    }
}
