package dev.zen.gateway.kafka;

/**
 * Which partition of the replies topic a gateway instance reads: the one configured
 * ({@code ZEN_REPLY_PARTITION}), else one derived from the instance id. Two instances on one
 * partition still work (each skips the other's replies by key), they only read more; give each
 * replica its own partition where there are several.
 */
final class ReplyPartition {

    private ReplyPartition() {
    }

    static int choose(Integer configured, String instanceId, int partitions, String topic) {
        if (partitions < 1) {
            throw new IllegalStateException("Expected the replies topic " + topic + " to have partitions, but it has none");
        }
        if (configured == null || configured < 0) {
            return Math.floorMod(instanceId.hashCode(), partitions);
        }
        if (configured >= partitions) {
            throw new IllegalArgumentException("Expected ZEN_REPLY_PARTITION between 0 and " + (partitions - 1) + " (" + topic + " has "
                    + partitions + " partitions), but was " + configured);
        }
        return configured;
    }
}
