package dev.zen.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load from inside the bench's own JVM, for the rows that are not HTTP calls (the floor's Kafka
 * request-reply, the git service called directly): {@code concurrency} virtual threads call in a
 * loop for the duration. Its CPU is this process's ({@link Meter#BENCH}).
 */
final class JvmLoad {

    /** One call; throws when it failed. */
    interface Call {
        void run() throws Exception;
    }

    private JvmLoad() {
    }

    static Load run(int concurrency, Duration duration, Call call) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().start(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            call.run();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                } finally {
                    synchronized (perThread) {
                        perThread.add(Arrays.copyOf(latencies, n));
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        Latencies latencies = new Latencies();
        perThread.forEach(latencies::addNanos);
        // every caller finished its last call before the run ended: nothing cut off
        return Load.of(latencies.count(), errors.get(), seconds, latencies, 0);
    }
}
