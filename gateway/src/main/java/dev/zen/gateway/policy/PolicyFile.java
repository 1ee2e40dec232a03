package dev.zen.gateway.policy;

import dev.zen.gateway.core.AccessPolicy;
import dev.zen.schemas.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AccessPolicy} of {@code ZEN_POLICY_FILE}, reloaded when the file changes (checked every
 * second, no restart). A file that does not parse at start stops the gateway with the reason; one
 * that stops parsing later is logged and the last good policy stays in force. Callers without a
 * role get the role {@code anonymous}. Thread safe.
 */
public final class PolicyFile implements AccessPolicy, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);

    private final Path path;
    private final java.util.function.Consumer<dev.zen.schemas.AccessGrants> onLoad;
    private final java.util.concurrent.ScheduledExecutorService watcher;
    private volatile PolicyDocument policy;
    private volatile FileTime loadedAt;
    private volatile long loadedSize;

    public PolicyFile(Path path) {
        this(path, grants -> { });
    }

    /** @param onLoad told the grants of every policy loaded, the first one included (the gateway publishes them to workers) */
    public PolicyFile(Path path, java.util.function.Consumer<dev.zen.schemas.AccessGrants> onLoad) {
        this.path = path;
        this.onLoad = onLoad;
        try {
            load();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Expected a valid policy in ZEN_POLICY_FILE=" + path + ", but " + e.getMessage(), e);
        }
        this.watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("zen-policy-watch").factory());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void load() throws IOException {
        FileTime modified = Files.getLastModifiedTime(path);
        long size = Files.size(path);
        policy = PolicyDocument.parse(Files.readAllBytes(path), path.toString(), System.currentTimeMillis());
        loadedAt = modified;
        loadedSize = size;
        LOG.info("Policy loaded from {}: roles {}", path, policy.grants().roles().keySet());
        onLoad.accept(policy.grants());
    }

    void reloadIfChanged() {
        try {
            if (Files.getLastModifiedTime(path).equals(loadedAt) && Files.size(path) == loadedSize) {
                return;
            }
            load();
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("Policy {} not reloaded, the previous one stays in force: {}", path, e.getMessage());
            try {
                loadedAt = Files.getLastModifiedTime(path); // do not log the same broken file every second
                loadedSize = Files.size(path);
            } catch (IOException ignored) {
                // the file went away: keep trying
            }
        }
    }

    @Override
    public boolean mayCallTool(Principal caller, String tool) {
        return policy.allows(caller, "tools", tool);
    }

    @Override
    public boolean mayReadResource(Principal caller, String uri) {
        return policy.allows(caller, "resources", uri);
    }

    @Override
    public boolean mayGetPrompt(Principal caller, String prompt) {
        return policy.allows(caller, "prompts", prompt);
    }

    @Override
    public java.util.Map<String, dev.zen.gateway.core.RateLimiter.Limit> limitsFor(Principal caller, String tool) {
        return policy.limitsFor(caller, tool);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
