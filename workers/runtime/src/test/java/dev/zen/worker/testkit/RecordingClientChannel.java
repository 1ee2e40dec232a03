package dev.zen.worker.testkit;

import dev.zen.worker.runtime.ClientChannel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A client channel that records the resources a handler said were updated; every other method
 * behaves as {@link ClientChannel#NONE}. A proxy, so that it keeps compiling as the interface grows.
 */
public final class RecordingClientChannel {

    private final List<String> updated = new CopyOnWriteArrayList<>();
    private final ClientChannel channel;

    public RecordingClientChannel() {
        this(null);
    }

    /** A channel whose {@code resourceUpdated} runs {@code onUpdate} instead of recording (to make it fail). */
    public RecordingClientChannel(Consumer<String> onUpdate) {
        Consumer<String> update = onUpdate == null ? updated::add : onUpdate;
        this.channel = (ClientChannel) Proxy.newProxyInstance(ClientChannel.class.getClassLoader(),
                new Class<?>[] {ClientChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resourceUpdated") && args != null && args.length == 1) {
                        update.accept((String) args[0]);
                        return null;
                    }
                    try {
                        return method.invoke(ClientChannel.NONE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The channel to hand to a call. */
    public ClientChannel channel() {
        return channel;
    }

    /** The URIs passed to {@code resourceUpdated}, in order. */
    public List<String> updated() {
        return List.copyOf(updated);
    }
}
