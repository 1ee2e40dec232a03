package dev.zen.worker.runtime;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import java.util.Map;

/**
 * What a resource reader, prompt handler or completer gets: the request's string arguments (URI
 * template variables, prompt arguments), the verified principal, and a {@link ClientChannel} (for
 * {@link ClientChannel#resourceUpdated} and log messages), and the access policy in force ({@code grants},
 * null when none was published), for what a service grants by it (memory namespaces).
 */
public record ServiceCall(Map<String, String> arguments, Principal principal, ClientChannel client, AccessGrants grants) {

    public ServiceCall {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        client = client == null ? ClientChannel.NONE : client;
    }

    public ServiceCall(Map<String, String> arguments, Principal principal, ClientChannel client) {
        this(arguments, principal, client, null);
    }

    /** The argument, or null. */
    public String argument(String name) {
        return arguments.get(name);
    }
}
