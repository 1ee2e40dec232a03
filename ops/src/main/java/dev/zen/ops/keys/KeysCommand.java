package dev.zen.ops.keys;

import dev.zen.schemas.ApiKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./zen keys create|list|revoke|ensure}: API keys for service accounts, kept on the compacted
 * keys topic as SHA-256 hashes. A created key is printed once and stored nowhere; gateways pick up a
 * new or revoked key within a poll. Exit codes: 0 done, 1 refused (the message says why), 2 usage.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys of service accounts.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class, KeysCommand.Ensure.class})
public final class KeysCommand {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:*-]{1,100}");

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: $ZEN_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
    String bootstrap = env("ZEN_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    @Option(names = "--prefix", description = "topic prefix (default: $ZEN_TOPIC_PREFIX or zen.)")
    String prefix = env("ZEN_TOPIC_PREFIX", "zen.");

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; what it prints goes to {@code out} (results) and {@code err} (messages). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new KeysCommand());
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("zen keys: " + e.getMessage() + (e.getCause() != null && !(e instanceof IllegalArgumentException)
                    ? " (" + e.getCause().getMessage() + ")" : ""));
            return 1;
        });
        return line.execute(args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    KeyTopic topic() {
        return new KeyTopic(bootstrap, prefix);
    }

    static List<String> checkedRoles(List<String> roles) {
        List<String> checked = new ArrayList<>();
        for (String role : roles) {
            if (!ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("Expected role names of letters, digits and . _ : * -, but got '" + role + "'");
            }
            checked.add(role);
        }
        return checked.stream().sorted().distinct().toList();
    }

    static ApiKey.Issued create(KeyTopic topic, String name, List<String> roles, String tenant) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Expected --name of 1 to 100 letters, digits and . _ -, but got '" + name + "'");
        }
        List<String> checked = checkedRoles(roles);
        topic.provision();
        Optional<ApiKey> same = topic.readAll().values().stream().filter(k -> k.name().equals(name) && k.revokedAt() == null).findFirst();
        if (same.isPresent()) {
            throw new IllegalArgumentException("Expected a new name, but the active key " + same.get().id() + " is named '" + name
                    + "' (calls with it act as key:" + name + "); revoke it first or choose another name");
        }
        ApiKey.Issued issued = ApiKey.issue(name, checked, tenant, System.currentTimeMillis());
        topic.write(issued.record());
        return issued;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is printed once, on stdout, and stored only as a hash.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--name", required = true, description = "the service account: calls act as key:<name>")
        String name;

        @Option(names = "--roles", split = ",", description = "roles of the policy file, comma separated")
        List<String> roles = List.of();

        @Option(names = "--tenant", description = "tenant carried in the principal")
        String tenant;

        @Override
        public Integer call() {
            ApiKey.Issued issued = create(parent.topic(), name, roles, tenant);
            parent.spec.commandLine().getErr().println("Created key " + issued.record().id() + " for key:" + name + " with roles "
                    + issued.record().roles() + ". It is shown once; send it as X-API-Key or Authorization: Bearer.");
            parent.spec.commandLine().getOut().println(issued.key());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--all", description = "include revoked keys")
        boolean all;

        @Override
        public Integer call() {
            Map<String, ApiKey> keys = parent.topic().readAll();
            PrintWriter out = parent.spec.commandLine().getOut();
            out.printf("%-10s  %-24s  %-24s  %-10s  %-20s  %s%n", "ID", "NAME", "ROLES", "TENANT", "CREATED", "STATUS");
            keys.values().stream().filter(k -> all || k.revokedAt() == null).forEach(k -> out.printf("%-10s  %-24s  %-24s  %-10s  %-20s  %s%n",
                    k.id(), k.name(), String.join(",", k.roles()), k.tenant() == null ? "-" : k.tenant(),
                    Instant.ofEpochMilli(k.createdAt()).toString().substring(0, 19) + "Z",
                    k.revokedAt() == null ? "active" : "revoked " + Instant.ofEpochMilli(k.revokedAt()).toString().substring(0, 19) + "Z"));
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id; gateways refuse it within a second.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(paramLabel = "ID", description = "the key's id, as keys list shows it")
        String id;

        @Override
        public Integer call() {
            KeyTopic topic = parent.topic();
            ApiKey key = topic.readAll().get(id);
            if (key == null) {
                throw new IllegalArgumentException("Expected the id of a key, but there is no key " + id + " (see ./zen keys list --all)");
            }
            if (key.revokedAt() != null) {
                throw new IllegalArgumentException("Key " + id + " (" + key.name() + ") was already revoked");
            }
            topic.write(key.revoked(System.currentTimeMillis()));
            parent.spec.commandLine().getErr().println("Revoked key " + id + " (key:" + key.name() + ")");
            return 0;
        }
    }

    /**
     * What {@code ./zen up} runs: makes sure the key in {@code --file} is an active key of the cluster,
     * creating one (and writing the file, mode 600) when the file is missing or its key is unknown or
     * revoked, e.g. after the Kafka data was wiped.
     */
    @Command(name = "ensure", mixinStandardHelpOptions = true, description = "Keep an active key in a file (used by ./zen up).")
    static final class Ensure implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--roles", split = ",")
        List<String> roles = List.of();

        @Option(names = "--file", required = true)
        Path file;

        @Override
        public Integer call() throws IOException {
            KeyTopic topic = parent.topic();
            topic.provision();
            Map<String, ApiKey> keys = topic.readAll();
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).trim();
                String id = ApiKey.idOf(existing);
                if (id != null && keys.containsKey(id) && keys.get(id).matches(existing)) {
                    parent.spec.commandLine().getErr().println("Key " + id + " in " + file + " is active");
                    return 0;
                }
            }
            keys.values().stream().filter(k -> k.name().equals(name) && k.revokedAt() == null)
                    .forEach(k -> topic.write(k.revoked(System.currentTimeMillis())));
            ApiKey.Issued issued = create(topic, name, roles, null);
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, issued.key() + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            parent.spec.commandLine().getErr().println("Created key " + issued.record().id() + " (key:" + name + ", roles "
                    + issued.record().roles() + ") in " + file);
            return 0;
        }
    }
}
