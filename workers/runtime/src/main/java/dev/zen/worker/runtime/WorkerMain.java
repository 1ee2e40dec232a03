package dev.zen.worker.runtime;

import dev.zen.worker.runtime.settings.InvalidSettings;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.SettingsHelp;
import dev.zen.worker.runtime.settings.SettingsReader;
import dev.zen.worker.runtime.settings.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The one entry point of every worker process: {@code java -jar zen-worker-<service>-*-exec.jar
 * [service...]}. Hosts the named services (default: {@code ZEN_SERVICES}, else every service on the
 * class path that can run here), each its own consumer group, until SIGTERM; then stops them cleanly.
 * {@code --help} prints every setting of the services on the class path.
 *
 * <p>Exit codes: 0 after a clean stop, 2 for a usage or settings error (every wrong setting is
 * listed), 1 when a service fails to start.
 */
@Command(name = "zen-worker", mixinStandardHelpOptions = true, versionProvider = WorkerMain.Version.class,
        description = "Runs Zen worker services: each reads its tools' Kafka topics as one consumer group and answers.")
public final class WorkerMain implements Callable<Integer> {

    static {
        // the logging configuration ships with the runtime; an operator's -Dlogback.configurationFile wins
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "zen-worker-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    @Parameters(arity = "0..*", paramLabel = "SERVICE",
            description = "services to host (default: the comma list in ZEN_SERVICES, else every service here that can run)")
    private List<String> named = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Option(names = "--list", description = "print the services on the class path, one per line, and exit")
    private boolean list;

    @Option(names = "--settings-markdown", description = "print the settings as README table rows and exit")
    private boolean markdown;

    private final Map<String, String> env;
    private final Map<String, WorkerService> available;

    WorkerMain(Map<String, String> env, List<WorkerService> services) {
        this.env = env;
        this.available = new LinkedHashMap<>();
        services.forEach(s -> available.put(s.name(), s));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        return commandLine(env, discovered()).execute(args);
    }

    /** The command line over {@code services}; its {@code execute} runs it. */
    static CommandLine commandLine(Map<String, String> env, List<WorkerService> services) {
        WorkerMain main = new WorkerMain(env, services);
        CommandLine line = new CommandLine(main).setUsageHelpWidth(140);
        line.getCommandSpec().usageMessage().footer(main.settingsHelp());
        return line;
    }

    /** The services on the class path, in a stable order. */
    public static List<WorkerService> discovered() {
        List<WorkerService> services = new ArrayList<>();
        ServiceLoader.load(WorkerService.class).forEach(services::add);
        services.sort(java.util.Comparator.comparing(WorkerService::name));
        return services;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (list) {
            available.keySet().forEach(spec.commandLine().getOut()::println); // the CLI's answer, not a log line
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (markdown) {
            var out = spec.commandLine().getOut();
            available.values().forEach(s -> out.print(SettingsHelp.markdown(s.settings())));
            out.print(SettingsHelp.markdown(WorkerSettings.ALL));
            out.flush();
            return 0;
        }
        List<String> wanted = wanted();
        List<WorkerService> chosen = new ArrayList<>();
        for (String name : wanted) {
            WorkerService service = available.get(name);
            if (service == null) {
                LOG.error("Expected a service of {}, but '{}' is not on this worker's class path", available.keySet(), name);
                return 2;
            }
            chosen.add(service);
        }
        SettingsReader reader = new SettingsReader(env);
        reader.read(WorkerSettings.ALL);
        chosen.forEach(s -> reader.read(s.settings()));
        Settings values;
        try {
            values = reader.finish();
        } catch (InvalidSettings e) {
            LOG.error("Not starting: {}", e.getMessage());
            return 2;
        }
        boolean explicit = !named.isEmpty() || env.get("ZEN_SERVICES") != null && !env.get("ZEN_SERVICES").isBlank();
        List<WorkerService> hosted = new ArrayList<>();
        for (WorkerService service : chosen) {
            String reason = service.unavailableReason(values);
            if (reason == null) {
                hosted.add(service);
            } else if (explicit) {
                LOG.error("Expected service {} to be able to run here, but {}", service.name(), reason);
                return 2;
            } else {
                LOG.info("Not hosting service {}: {}", service.name(), reason);
            }
        }
        if (hosted.isEmpty()) {
            LOG.error("Expected at least one service to host, but none of {} can run here", wanted);
            return 2;
        }
        return serve(hosted, values);
    }

    private List<String> wanted() {
        if (!named.isEmpty()) {
            return named.stream().flatMap(n -> List.of(n.split(",")).stream()).map(String::strip).filter(n -> !n.isEmpty()).toList();
        }
        String list = env.get("ZEN_SERVICES");
        if (list != null && !list.isBlank()) {
            // one list for every worker jar of a deployment: each hosts the listed services it has
            List<String> listed = List.of(list.split(",")).stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
            listed.stream().filter(n -> !available.containsKey(n))
                    .forEach(n -> LOG.info("ZEN_SERVICES names {}, which this worker does not have ({}): another worker hosts it", n,
                            available.keySet()));
            return listed.stream().filter(available::containsKey).toList();
        }
        return List.copyOf(available.keySet());
    }

    private int serve(List<WorkerService> hosted, Settings values) throws InterruptedException {
        WorkerSettings settings = WorkerSettings.from(values);
        List<WorkerRuntime> runtimes = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // each service drains its own in-flight calls; stop them in reverse start order
            for (int i = runtimes.size() - 1; i >= 0; i--) {
                runtimes.get(i).stop();
            }
            stopped.countDown();
        }, "zen-worker-stop"));
        for (WorkerService service : hosted) {
            try {
                ServiceDefinition definition = service.define(values, version(service.getClass()));
                WorkerRuntime runtime = new WorkerRuntime(definition, settings).start();
                synchronized (runtimes) {
                    runtimes.add(runtime);
                }
                String described = service.describe(values);
                LOG.info("Service {} started ({} tools{})", service.name(), definition.tools().size(),
                        described.isEmpty() ? "" : "; " + described);
                // what the service announces to operators (e.g. its sandbox is off) is said where it starts too
                definition.warnings().forEach(w -> LOG.warn("Service {}: {}", service.name(), w));
            } catch (InvalidSettings e) {
                LOG.error("Not starting {}: {}", service.name(), e.getMessage());
                return 2;
            } catch (Exception e) {
                LOG.error("Expected service {} to start, but {}", service.name(), e.toString(), e);
                return 1;
            }
        }
        stopped.await();
        return 0;
    }

    /** The help text's settings section: the runtime's, then each service's. */
    private String settingsHelp() {
        StringBuilder help = new StringBuilder("\nSettings (environment variables):\n");
        help.append(SettingsHelp.text("  every service:", WorkerSettings.ALL));
        for (WorkerService service : available.values()) {
            List<? extends Setting<?>> settings = service.settings();
            help.append(SettingsHelp.text("  " + service.name() + " (" + service.summary() + "):", settings));
        }
        // picocli formats the footer: a literal percent sign must be doubled
        return help.toString().replace("%", "%%").replace("\n", "%n");
    }

    /** The version in the jar's manifest ({@code Implementation-Version}), or {@code dev} from a build tree. */
    static String version(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zen-worker " + version(WorkerMain.class)};
        }
    }
}
