package dev.zen.ops.replay;

import dev.zen.schemas.AuditEventFields;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which audit events an analyst asked for: tools, principals (subjects), outcomes (an event's
 * outcome or its type, so {@code --outcome failed} and {@code --outcome tool_error} both work) and
 * one call (its call id or job id). An empty set matches everything. It reads only the fields
 * {@link AuditEventFields} holds, so events are decoded whole only when they match. Immutable.
 */
record AuditFilter(Set<String> tools, Set<String> principals, Set<String> outcomes, String call) implements Predicate<AuditEventFields> {

    AuditFilter {
        tools = tools == null ? Set.of() : Set.copyOf(tools);
        principals = principals == null ? Set.of() : Set.copyOf(principals);
        outcomes = outcomes == null ? Set.of() : Set.copyOf(outcomes);
    }

    static AuditFilter all() {
        return new AuditFilter(Set.of(), Set.of(), Set.of(), null);
    }

    @Override
    public boolean test(AuditEventFields event) {
        return (tools.isEmpty() || has(tools, event.tool()))
                && (principals.isEmpty() || has(principals, event.subject()))
                && (outcomes.isEmpty() || has(outcomes, event.outcome()) || has(outcomes, event.type()))
                && (call == null || call.equals(event.callId()) || call.equals(event.jobId()));
    }

    /** Set.copyOf's sets throw on contains(null): an event without the field matches no value. */
    private static boolean has(Set<String> values, String value) {
        return value != null && values.contains(value);
    }
}
