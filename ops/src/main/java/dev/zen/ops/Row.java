package dev.zen.ops;

/**
 * One row of the bench's table: a system at one concurrency, what its load generator saw and what
 * it cost ({@link Meter.Cost}); {@code gateway} names the gateway process the calls went through
 * (null where none did), whose CPU is the row's gateway column.
 */
record Row(String system, int concurrency, Load load, Meter.Cost cost, String gateway) {

    long calls() {
        return load.calls();
    }

    long errors() {
        return load.errors();
    }

    double p50Ms() {
        return load.p50Ms();
    }

    double p99Ms() {
        return load.p99Ms();
    }

    double callsPerSecond() {
        return load.callsPerSecond();
    }

    /** Kafka records written per call the servers handled ({@link Load#handled}: answered, failed or cut off at the end). */
    double recordsPerCall() {
        return load.handled() == 0 ? Double.NaN : (double) cost.records() / load.handled();
    }

    /** CPU ms per call handled of one process; NaN when it was not measured. */
    double cpuMsPerCall(String process) {
        Double ms = process == null ? null : cost.cpuMs().get(process);
        return ms == null || load.handled() == 0 ? Double.NaN : ms / load.handled();
    }

    /** CPU ms per call of every worker process together (idle ones add next to nothing). */
    double workersMsPerCall() {
        double sum = Double.NaN;
        for (var entry : cost.cpuMs().entrySet()) {
            if (entry.getKey().startsWith(Meter.WORKER)) {
                sum = (Double.isNaN(sum) ? 0 : sum) + entry.getValue();
            }
        }
        return load.handled() == 0 ? Double.NaN : sum / load.handled();
    }
}
