package dev.zen.gateway.core;

import dev.zen.schemas.AuditEvent;
import java.util.function.Supplier;

/**
 * The port through which the core writes audit events. {@link #record} must return at once and
 * never throw: the call path does not wait for the audit, and a broken audit never fails a call.
 * The event is built by the adapter, off the call path, from the supplier (which must therefore
 * only read values that do not change). Thread safe.
 */
@FunctionalInterface
public interface AuditTrail {

    /** Audit switched off ({@code ZEN_AUDIT=off}): nothing is built, nothing is written. */
    AuditTrail OFF = event -> { };

    void record(Supplier<AuditEvent> event);
}
