package dev.zen.gateway.core;

import dev.zen.schemas.Principal;

/**
 * What a caller may use: the port through which the core asks before anything is sent. The policy
 * file adapter answers from {@code ZEN_POLICY_FILE}; without one everything is allowed.
 */
public interface AccessPolicy {

    boolean mayCallTool(Principal caller, String tool);

    boolean mayReadResource(Principal caller, String uri);

    boolean mayGetPrompt(Principal caller, String prompt);

    /** The rate limits the caller's roles put on the tool, by role (empty: none). */
    default java.util.Map<String, RateLimiter.Limit> limitsFor(Principal caller, String tool) {
        return java.util.Map.of();
    }

    /** Allows everything: no policy file configured. */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override
        public boolean mayCallTool(Principal caller, String tool) {
            return true;
        }

        @Override
        public boolean mayReadResource(Principal caller, String uri) {
            return true;
        }

        @Override
        public boolean mayGetPrompt(Principal caller, String prompt) {
            return true;
        }
    };
}
