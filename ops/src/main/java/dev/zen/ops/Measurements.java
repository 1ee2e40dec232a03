package dev.zen.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@code ./zen bench} turns a load into a row: the {@link Meter} is read before and after the
 * load (after the gateway settled), and the row goes to the console at once and to the run's list.
 * Rows compared with each other are measured in rounds ({@link #alternating}). Used from one thread.
 */
final class Measurements {

    /** Produces the load of one measured run. */
    interface Run {
        Load load() throws Exception;
    }

    /** A row measured in rounds with others: its name, concurrency, gateway and request. */
    record Trial(String system, int concurrency, String gateway, Wrk.Target target) {
    }

    /** The audit writer and the broker batch: records of a run are all written within this after its last call. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final Meter meter;
    private final Wrk wrk;
    private final List<Row> rows = new ArrayList<>();

    Measurements(Meter meter, Wrk wrk) {
        this.meter = meter;
        this.wrk = wrk;
    }

    /**
     * Reads the meter, runs the load, lets a gateway settle (its audit writer batches), reads again:
     * one row. Rows without a gateway write their records before their calls return.
     */
    Row measured(String system, int concurrency, String gateway, Run run) throws Exception {
        Meter.Reading before = meter.read();
        Load load = run.load();
        if (gateway != null) {
            Thread.sleep(SETTLE.toMillis());
        }
        return add(new Row(system, concurrency, load, meter.between(before, meter.read()), gateway));
    }

    /** A wrk row at concurrency 1, then at 64. */
    void pair(String system, String gateway, Wrk.Target target, Duration duration) throws Exception {
        for (int concurrency : new int[] {1, 64}) {
            measured(system, concurrency, gateway, () -> wrk.run(target, concurrency, duration));
        }
    }

    /**
     * Rows compared with each other, measured in rounds of {@code round}, the order rotating each
     * round, so that whatever the machine does meanwhile (other JVMs compiling or collecting on 2
     * cores) hits each alike; each row adds up its rounds (wrk keeps the latency at every 0.1 % of a
     * round for that when there is more than one).
     */
    void alternating(List<Trial> trials, int rounds, Duration round) throws Exception {
        Load[] loads = new Load[trials.size()];
        Meter.Cost[] costs = new Meter.Cost[trials.size()];
        Arrays.fill(loads, Load.empty());
        Arrays.fill(costs, Meter.Cost.none());
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < trials.size(); k++) {
                int i = (r + k) % trials.size();
                Trial trial = trials.get(i);
                Meter.Reading before = meter.read();
                Load load = rounds == 1 ? wrk.run(trial.target(), trial.concurrency(), round)
                        : wrk.runKeepingLatencies(trial.target(), trial.concurrency(), round);
                loads[i] = loads[i].plus(load);
                Thread.sleep(SETTLE.toMillis());
                costs[i] = costs[i].plus(meter.between(before, meter.read()));
            }
        }
        for (int i = 0; i < trials.size(); i++) {
            Trial trial = trials.get(i);
            add(new Row(trial.system(), trial.concurrency(), loads[i], costs[i], trial.gateway()));
        }
    }

    List<Row> rows() {
        return rows;
    }

    private Row add(Row row) {
        rows.add(row);
        BenchReport.print(row);
        return row;
    }
}
