package dev.zen.ops.replay;

import dev.zen.schemas.AuditEventFields;

/**
 * A call as the audit recorded it, for {@code --reexecute}: its {@code accepted} event (call id, tool,
 * time), or the one event of a whole call, and, when the window holds it, the event that ended it, with the hash of its answer
 * ({@code resultHash}) or its error code. Immutable.
 */
record RecordedCall(String callId, String tool, long acceptedAt, String endType, String resultHash, String errorCode) {

    static RecordedCall accepted(AuditEventFields accepted) {
        return new RecordedCall(accepted.callId(), accepted.tool(), accepted.at(), null, null, null);
    }

    /** A call the audit recorded as one event, its end carrying its acceptance ({@code acceptedAt}). */
    static RecordedCall whole(AuditEventFields whole) {
        return new RecordedCall(whole.callId(), whole.tool(), whole.acceptedAt(), null, null, null);
    }

    RecordedCall ended(String type, String hash, String code) {
        return new RecordedCall(callId, tool, acceptedAt, type, hash, code);
    }

    /** What the recorded answer is compared by: its result hash, or its error code; null when nothing was recorded. */
    String answerKey() {
        if (resultHash != null) {
            return resultHash;
        }
        return endType == null ? null : "error:" + errorCode;
    }
}
