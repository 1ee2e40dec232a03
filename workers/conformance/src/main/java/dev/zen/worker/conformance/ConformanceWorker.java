package dev.zen.worker.conformance;

import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance worker process. Serves only when {@code ZEN_CONFORMANCE_FIXTURES=true}: its tools
 * exist to certify the platform, not for production use.
 */
public final class ConformanceWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceWorker.class);

    private ConformanceWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (!"true".equalsIgnoreCase(System.getenv("ZEN_CONFORMANCE_FIXTURES"))) {
            LOG.error("The conformance worker serves only with ZEN_CONFORMANCE_FIXTURES=true; exiting");
            System.exit(2);
        }
        WorkerRuntime.serve(ConformanceService.definition("dev"), WorkerSettings.fromEnv(System.getenv()),
                runtime -> LOG.info("Conformance fixtures served by {}", runtime.instanceId()));
    }
}
