package dev.zen.gateway.core;

import dev.zen.schemas.ServiceAnnouncement;

/** One worker instance as the registry last told of it; {@code stopped} after its tombstone. */
public record ServiceInstance(ServiceAnnouncement announcement, boolean stopped) {

    public boolean healthy(long now) {
        return !stopped && announcement.alive(now);
    }

    public String status(long now) {
        return stopped ? "stopped" : announcement.alive(now) ? "healthy" : "unhealthy";
    }
}
