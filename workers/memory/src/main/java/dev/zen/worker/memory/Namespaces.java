package dev.zen.worker.memory;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.util.regex.Pattern;

/**
 * Which namespace a call works in, and whether its caller may. Every principal has a private namespace,
 * {@code ~subject} (or {@code ~tenant:subject}), which is the default and only ever its own: no grant
 * reaches a namespace starting with {@code ~}. Any other namespace is shared and usable only where the
 * policy file grants one of the caller's roles {@code memory.read} or {@code memory.write} for it (write
 * implies read). A namespace another caller may not use answers exactly as one that does not exist.
 */
final class Namespaces {

    static final Pattern NAME = Pattern.compile("~?[A-Za-z0-9][A-Za-z0-9._@+:-]{0,127}");

    private Namespaces() {
    }

    /** The private namespace of {@code principal}. */
    static String privateOf(Principal principal) {
        String subject = principal.subject().replaceAll("[^A-Za-z0-9._@+-]", "_");
        String tenant = principal.tenant() == null ? null : principal.tenant().replaceAll("[^A-Za-z0-9._@+-]", "_");
        String name = "~" + (tenant == null ? "" : tenant + ":") + subject;
        return name.length() > 129 ? name.substring(0, 129) : name;
    }

    /**
     * The namespace {@code asked} (null: the caller's own) if the caller may use it this way.
     *
     * @throws ToolFailure when the name is malformed, or the caller may not use it
     */
    static String resolve(ToolCall call, String asked, boolean write) {
        String own = privateOf(call.principal());
        if (asked == null || asked.equals(own)) {
            return own;
        }
        if (!NAME.matcher(asked).matches()) {
            throw new ToolFailure("Expected 'namespace' to be a name of letters, digits and . _ @ + : - (at most 128), but '"
                    + clip(asked) + "' is not");
        }
        if (asked.startsWith("~") || !call.mayUseNamespace(asked, write)) {
            throw new ToolFailure("Expected a namespace you may " + (write ? "write" : "read") + " (your own, " + own
                    + ", or one the policy file grants your roles), but '" + clip(asked) + "' is not one");
        }
        return asked;
    }

    static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
