package dev.zen.worker.git;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Configuration of the git service: which directory it serves, which branches and remotes it guards,
 * which credentials it may use for which remote host, who commits, and how much one call may return.
 * Constructed once from the environment by the service's settings declaration ({@link #ALL}, read by
 * the worker entry point, turned into this record by {@link #from(Settings)}); every value is
 * validated here so that an operation can trust it. Immutable and thread-safe.
 *
 * @param root the directory that holds every repository the service may touch; {@code repo}
 *     arguments are relative to it ({@code GIT_ROOT}, default {@code ./data/repos})
 * @param protectedBranches branches that are never deleted and never force-pushed
 *     ({@code GIT_PROTECTED_BRANCHES}, comma-separated, default {@code main,master})
 * @param remoteAllowlist network hosts the service may talk to, as {@code host} (any port) or
 *     {@code host:port}; empty means no network remote at all. Local repositories (worktree or bare)
 *     are not listed: they are reachable when their directory, git directory, common directory, objects
 *     and alternates are all inside the root ({@code GIT_REMOTE_ALLOWLIST}, comma-separated, default empty)
 * @param credentials credentials per remote host, lower-case host name to credentials, read from
 *     the file named by {@code GIT_CREDENTIALS_FILE} with {@link CredentialsFile#read(Path)}
 *     (default: none)
 * @param committerName name the service commits as (the committer of every commit it makes, rebased
 *     ones included), and the author when the caller has no principal ({@code GIT_COMMITTER_NAME},
 *     default {@code Zen git})
 * @param committerEmail e-mail the service commits as ({@code GIT_COMMITTER_EMAIL}, default
 *     {@code git@zen.invalid})
 * @param maxLogEntries most commits one log call returns, at most {@value #MAX_LOG_ENTRIES_LIMIT} (the
 *     bound of {@code git_log}'s {@code max_count}) ({@code GIT_MAX_LOG_ENTRIES}, default 500)
 * @param maxPatchBytes most bytes of patch text one diff or show call returns
 *     ({@code GIT_MAX_PATCH_BYTES}, default 262144)
 * @param maxStatusEntries most file entries one status, diff, show, add or branch list returns
 *     ({@code GIT_MAX_STATUS_ENTRIES}, default 1000)
 * @param maxMessageBytes largest commit message accepted, in UTF-8 bytes
 *     ({@code GIT_MAX_MESSAGE_BYTES}, default 65536)
 * @param lockTimeout how long a write waits for another write to the same repository in this
 *     process before it fails ({@code GIT_LOCK_TIMEOUT}, default 30s)
 * @param networkTimeout read timeout of one push, fetch, pull or clone connection
 *     ({@code GIT_NETWORK_TIMEOUT}, default 60s)
 */
public record GitSettings(
        Path root,
        Set<String> protectedBranches,
        Set<String> remoteAllowlist,
        Map<String, HostCredentials> credentials,
        String committerName,
        String committerEmail,
        int maxLogEntries,
        int maxPatchBytes,
        int maxStatusEntries,
        int maxMessageBytes,
        Duration lockTimeout,
        Duration networkTimeout) {

    public static final Path DEFAULT_ROOT = Path.of("data", "repos");
    public static final Set<String> DEFAULT_PROTECTED_BRANCHES = Set.of("main", "master");
    public static final String DEFAULT_COMMITTER_NAME = "Zen git";
    public static final String DEFAULT_COMMITTER_EMAIL = "git@zen.invalid";
    public static final int DEFAULT_MAX_LOG_ENTRIES = 500;
    /** The largest {@code GIT_MAX_LOG_ENTRIES}: the upper bound of {@code git_log}'s {@code max_count} schema. */
    public static final int MAX_LOG_ENTRIES_LIMIT = 1000;
    public static final int DEFAULT_MAX_PATCH_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_STATUS_ENTRIES = 1000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern ALLOWLIST_ENTRY = Pattern.compile("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?");
    private static final long MAX_CONFIGURABLE_BYTES = 64L * 1024 * 1024;

    public static final Setting<Path> ROOT = Setting.of("GIT_ROOT",
            "the directory every repository lives under; `repo` arguments are relative to it (created if missing)", GitSettings::parseRoot)
            .defaultsTo("./data/repos");
    public static final Setting<Set<String>> PROTECTED_BRANCHES = Setting.list("GIT_PROTECTED_BRANCHES",
            "branches never deleted and never force-pushed (comma list)")
            .defaultsTo("main,master")
            .check(GitSettings::validBranchNames, "a comma list of branch names (like main,release/1.x)");
    public static final Setting<Set<String>> REMOTE_ALLOWLIST = Setting.list("GIT_REMOTE_ALLOWLIST",
            "network hosts (`host` or `host:port`, comma list) that push, fetch, pull and clone may reach over https or ssh; "
                    + "empty: none. Local repositories need no entry and are reachable only when their directory, git directory "
                    + "(a `.git` file's target), objects and alternates are all inside `GIT_ROOT`")
            .check(GitSettings::validHosts, "a comma list of host or host:port entries (like github.com,git.example.com:8443)");
    public static final Setting<Map<String, HostCredentials>> CREDENTIALS_FILE = Setting.of("GIT_CREDENTIALS_FILE",
            "properties file of per-host credentials (SSH key with known_hosts, HTTPS token; see workers/git/README.md); "
                    + "unset: no credentials", GitSettings::readCredentials);
    public static final Setting<String> COMMITTER_NAME = Setting.string("GIT_COMMITTER_NAME",
            "committer name of every commit, rebased ones included (the author is the caller)")
            .defaultsTo(DEFAULT_COMMITTER_NAME)
            .check(GitSettings::plainIdentity, "a name without NUL, newline or angle brackets");
    public static final Setting<String> COMMITTER_EMAIL = Setting.string("GIT_COMMITTER_EMAIL", "committer e-mail of every commit")
            .defaultsTo(DEFAULT_COMMITTER_EMAIL)
            .check(GitSettings::plainIdentity, "an e-mail address without NUL, newline or angle brackets");
    public static final Setting<Integer> MAX_LOG_ENTRIES = Setting.integer("GIT_MAX_LOG_ENTRIES",
            "most commits one `git_log` call returns (a larger `max_count` is capped); at most 1000, the largest `max_count`",
            1, MAX_LOG_ENTRIES_LIMIT)
            .defaultsTo(String.valueOf(DEFAULT_MAX_LOG_ENTRIES));
    public static final Setting<Long> MAX_PATCH_BYTES = Setting.size("GIT_MAX_PATCH_BYTES",
            "most patch text one `git_diff` or `git_show` call returns; `next_file` reads on")
            .defaultsTo("256KB")
            .check(v -> v <= MAX_CONFIGURABLE_BYTES, "at most 64MB");
    public static final Setting<Integer> MAX_STATUS_ENTRIES = Setting.integer("GIT_MAX_STATUS_ENTRIES",
            "most entries one status, diff or show file list, add, branch list or fetch returns", 1, 1_000_000)
            .defaultsTo(String.valueOf(DEFAULT_MAX_STATUS_ENTRIES));
    public static final Setting<Long> MAX_MESSAGE_BYTES = Setting.size("GIT_MAX_MESSAGE_BYTES",
            "largest commit message `git_commit` accepts (and `git_show` returns)")
            .defaultsTo("64KB")
            .check(v -> v <= MAX_CONFIGURABLE_BYTES, "at most 64MB");
    public static final Setting<Duration> LOCK_TIMEOUT = Setting.duration("GIT_LOCK_TIMEOUT",
            "how long a write waits for another write to the same repository before it fails")
            .defaultsTo("30s")
            .check(Duration::isPositive, "positive");
    public static final Setting<Duration> NETWORK_TIMEOUT = Setting.duration("GIT_NETWORK_TIMEOUT",
            "read timeout of one push, fetch, pull or clone connection")
            .defaultsTo("60s")
            .check(d -> d.toSeconds() >= 1, "at least 1s");

    /** The git service's settings, in the order {@code --help} prints them. */
    public static final List<Setting<?>> ALL = List.of(ROOT, PROTECTED_BRANCHES, REMOTE_ALLOWLIST, CREDENTIALS_FILE, COMMITTER_NAME, COMMITTER_EMAIL,
            MAX_LOG_ENTRIES, MAX_PATCH_BYTES, MAX_STATUS_ENTRIES, MAX_MESSAGE_BYTES, LOCK_TIMEOUT, NETWORK_TIMEOUT);

    public GitSettings {
        root = Objects.requireNonNullElse(root, DEFAULT_ROOT);
        protectedBranches = protectedBranches == null ? DEFAULT_PROTECTED_BRANCHES : Set.copyOf(trimmed(protectedBranches, false));
        remoteAllowlist = remoteAllowlist == null ? Set.of() : Set.copyOf(trimmed(remoteAllowlist, true));
        credentials = credentials == null ? Map.of() : lowerCaseKeys(credentials);
        committerName = blankToDefault(committerName, DEFAULT_COMMITTER_NAME);
        committerEmail = blankToDefault(committerEmail, DEFAULT_COMMITTER_EMAIL);
        requirePositive("maxLogEntries (GIT_MAX_LOG_ENTRIES)", maxLogEntries);
        if (maxLogEntries > MAX_LOG_ENTRIES_LIMIT) {
            throw new IllegalArgumentException("Expected maxLogEntries (GIT_MAX_LOG_ENTRIES) to be at most " + MAX_LOG_ENTRIES_LIMIT
                    + " (the largest max_count of git_log), but got " + maxLogEntries);
        }
        requirePositive("maxPatchBytes (GIT_MAX_PATCH_BYTES)", maxPatchBytes);
        requirePositive("maxStatusEntries (GIT_MAX_STATUS_ENTRIES)", maxStatusEntries);
        requirePositive("maxMessageBytes (GIT_MAX_MESSAGE_BYTES)", maxMessageBytes);
        lockTimeout = requirePositive("lockTimeout (GIT_LOCK_TIMEOUT)", Objects.requireNonNullElse(lockTimeout, DEFAULT_LOCK_TIMEOUT));
        networkTimeout = requirePositive("networkTimeout (GIT_NETWORK_TIMEOUT)",
                Objects.requireNonNullElse(networkTimeout, DEFAULT_NETWORK_TIMEOUT));
        for (String entry : remoteAllowlist) {
            if (!entry.matches("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("Expected every GIT_REMOTE_ALLOWLIST entry to be host or host:port, but got '" + entry + "'");
            }
        }
        if (!plainIdentity(committerName) || !plainIdentity(committerEmail)) {
            throw new IllegalArgumentException("Expected GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL without NUL, newline or angle brackets");
        }
    }

    /**
     * The settings out of values read by the worker's entry point, a relative {@code GIT_ROOT} resolved
     * against the working directory; creates the root directory when it is missing.
     */
    public static GitSettings from(Settings values) {
        return from(values, Path.of(""));
    }

    /** As {@link #from(Settings)}, with a relative root resolved against {@code workingDirectory}. */
    static GitSettings from(Settings values, Path workingDirectory) {
        Path configured = values.get(ROOT);
        Path root = (configured.isAbsolute() ? configured : workingDirectory.toAbsolutePath().resolve(configured)).normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Expected GIT_ROOT '" + root + "' to be a directory the worker can create, but " + e, e);
        }
        return new GitSettings(root, values.get(PROTECTED_BRANCHES), values.get(REMOTE_ALLOWLIST), values.get(CREDENTIALS_FILE),
                values.get(COMMITTER_NAME), values.get(COMMITTER_EMAIL), values.get(MAX_LOG_ENTRIES), Math.toIntExact(values.get(MAX_PATCH_BYTES)),
                values.get(MAX_STATUS_ENTRIES), Math.toIntExact(values.get(MAX_MESSAGE_BYTES)), values.get(LOCK_TIMEOUT),
                values.get(NETWORK_TIMEOUT));
    }

    /** Settings with every default and the given root: the tests' and a local run's starting point. */
    public static GitSettings defaults(Path root) {
        return new GitSettings(root, null, null, null, null, null, DEFAULT_MAX_LOG_ENTRIES, DEFAULT_MAX_PATCH_BYTES,
                DEFAULT_MAX_STATUS_ENTRIES, DEFAULT_MAX_MESSAGE_BYTES, null, null);
    }

    public GitSettings withRemoteAllowlist(Set<String> hosts) {
        return new GitSettings(root, protectedBranches, hosts, credentials, committerName, committerEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withCredentials(Map<String, HostCredentials> byHost) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, byHost, committerName, committerEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withCaps(int maxLogEntries, int maxPatchBytes, int maxStatusEntries, int maxMessageBytes) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, credentials, committerName, committerEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withLockTimeout(Duration timeout) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, credentials, committerName, committerEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, timeout, networkTimeout);
    }

    /** The credentials configured for a host, or null. */
    public HostCredentials credentialsFor(String host) {
        return host == null ? null : credentials.get(host.toLowerCase(Locale.ROOT));
    }

    private static Set<String> trimmed(Set<String> values, boolean lowerCase) {
        Set<String> out = new TreeSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                out.add(lowerCase ? value.strip().toLowerCase(Locale.ROOT) : value.strip());
            }
        }
        return out;
    }

    private static Map<String, HostCredentials> lowerCaseKeys(Map<String, HostCredentials> byHost) {
        Map<String, HostCredentials> out = new TreeMap<>();
        byHost.forEach((host, creds) -> out.put(host.strip().toLowerCase(Locale.ROOT), Objects.requireNonNull(creds, "credentials of " + host)));
        return Map.copyOf(out);
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Expected " + name + " to be positive, but got " + value);
        }
    }

    private static Duration requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Expected " + name + " to be positive, but got " + value);
        }
        return value;
    }

    private static Path parseRoot(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("to be a path, but it has a NUL byte");
        }
        try {
            return Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("to be a path (" + e.getReason() + ")");
        }
    }

    private static boolean validBranchNames(Set<String> names) {
        return names.stream().allMatch(name -> !name.startsWith("-") && Repository.isValidRefName(Constants.R_HEADS + name));
    }

    private static boolean validHosts(Set<String> hosts) {
        return hosts.stream().allMatch(host -> ALLOWLIST_ENTRY.matcher(host.toLowerCase(Locale.ROOT)).matches());
    }

    private static boolean plainIdentity(String value) {
        return value.chars().noneMatch(c -> c == '\0' || c == '\n' || c == '\r' || c == '<' || c == '>');
    }

    /**
     * Reads the credentials file named by the variable. Its errors name the variable and, for a key that
     * does not fit, the key; never a value: the file holds tokens.
     */
    private static Map<String, HostCredentials> readCredentials(String value) {
        Path file = parseRoot(value);
        try {
            return CredentialsFile.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("to name a readable credentials file (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Expected ") && e.getMessage().contains("GIT_CREDENTIALS_FILE")) {
                throw e;
            }
            // e.g. a malformed unicode escape or a key file path that is not a path: say what, not the text
            throw new IllegalArgumentException("to be a credentials file in properties format (" + e.getClass().getSimpleName() + ")");
        }
    }
}
