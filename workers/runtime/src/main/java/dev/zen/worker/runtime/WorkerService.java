package dev.zen.worker.runtime;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.List;

/**
 * A service a worker process can host, found by {@link java.util.ServiceLoader} (a service module lists
 * its implementation in {@code META-INF/services/dev.zen.worker.runtime.WorkerService}).
 * {@link WorkerMain} reads the settings of every service it hosts at once, reports every error, then
 * asks each for its {@link ServiceDefinition}.
 */
public interface WorkerService {

    /** The service's name: its consumer group, its {@code ZEN_SERVICES} entry. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** The service's own settings, in the order {@code --help} prints them. */
    List<Setting<?>> settings();

    /**
     * Why the service cannot run with these settings on this machine (a missing engine, a fixture
     * switch that is off), or null when it can. A service named explicitly that cannot run stops the
     * process; one hosted by default is skipped with this reason.
     */
    default String unavailableReason(Settings values) {
        return null;
    }

    /** The tools, resources and prompts to serve; may prepare what they need (create the root directory). */
    ServiceDefinition define(Settings values, String version) throws Exception;

    /** What the start log line says about this service's configuration (never a secret). */
    default String describe(Settings values) {
        return "";
    }
}
