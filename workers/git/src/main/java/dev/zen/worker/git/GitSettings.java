package dev.zen.worker.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Configuration of the git service: which directory it serves, which branches and remotes it guards,
 * which credentials it may use for which remote host, who commits, and how much one call may return.
 * Constructed once from the environment by the service's settings declaration; every value is
 * validated here so that an operation can trust it. Immutable and thread-safe.
 *
 * @param root the directory that holds every repository the service may touch; {@code repo}
 *     arguments are relative to it ({@code GIT_ROOT}, default {@code data/repos})
 * @param protectedBranches branches that are never deleted and never force-pushed
 *     ({@code GIT_PROTECTED_BRANCHES}, comma-separated, default {@code main,master})
 * @param remoteAllowlist network hosts the service may talk to, as {@code host} (any port) or
 *     {@code host:port}; empty means no network remote at all, only bare repositories under the root
 *     ({@code GIT_REMOTE_ALLOWLIST}, comma-separated, default empty)
 * @param credentials credentials per remote host, lower-case host name to credentials, read from
 *     the file named by {@code GIT_CREDENTIALS_FILE} with {@link CredentialsFile#read(Path)}
 *     (default: none)
 * @param authorName name the service commits as, and the author when the caller has no principal
 *     ({@code GIT_AUTHOR_NAME}, default {@code Zen git})
 * @param authorEmail e-mail the service commits as ({@code GIT_AUTHOR_EMAIL}, default
 *     {@code git@zen.invalid})
 * @param maxLogEntries most commits one log call returns ({@code GIT_MAX_LOG_ENTRIES}, default 500)
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
        String authorName,
        String authorEmail,
        int maxLogEntries,
        int maxPatchBytes,
        int maxStatusEntries,
        int maxMessageBytes,
        Duration lockTimeout,
        Duration networkTimeout) {

    public static final Path DEFAULT_ROOT = Path.of("data", "repos");
    public static final Set<String> DEFAULT_PROTECTED_BRANCHES = Set.of("main", "master");
    public static final String DEFAULT_AUTHOR_NAME = "Zen git";
    public static final String DEFAULT_AUTHOR_EMAIL = "git@zen.invalid";
    public static final int DEFAULT_MAX_LOG_ENTRIES = 500;
    public static final int DEFAULT_MAX_PATCH_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_STATUS_ENTRIES = 1000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(60);

    public GitSettings {
        root = Objects.requireNonNullElse(root, DEFAULT_ROOT);
        protectedBranches = protectedBranches == null ? DEFAULT_PROTECTED_BRANCHES : Set.copyOf(trimmed(protectedBranches, false));
        remoteAllowlist = remoteAllowlist == null ? Set.of() : Set.copyOf(trimmed(remoteAllowlist, true));
        credentials = credentials == null ? Map.of() : lowerCaseKeys(credentials);
        authorName = blankToDefault(authorName, DEFAULT_AUTHOR_NAME);
        authorEmail = blankToDefault(authorEmail, DEFAULT_AUTHOR_EMAIL);
        requirePositive("maxLogEntries (GIT_MAX_LOG_ENTRIES)", maxLogEntries);
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
        if (authorName.indexOf('\0') >= 0 || authorName.indexOf('\n') >= 0 || authorEmail.indexOf('\0') >= 0 || authorEmail.indexOf('\n') >= 0
                || authorEmail.indexOf('>') >= 0 || authorName.indexOf('<') >= 0) {
            throw new IllegalArgumentException("Expected GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL without NUL, newline or angle brackets");
        }
    }

    /** Settings with every default and the given root: the tests' and a local run's starting point. */
    public static GitSettings defaults(Path root) {
        return new GitSettings(root, null, null, null, null, null, DEFAULT_MAX_LOG_ENTRIES, DEFAULT_MAX_PATCH_BYTES,
                DEFAULT_MAX_STATUS_ENTRIES, DEFAULT_MAX_MESSAGE_BYTES, null, null);
    }

    public GitSettings withRemoteAllowlist(Set<String> hosts) {
        return new GitSettings(root, protectedBranches, hosts, credentials, authorName, authorEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withCredentials(Map<String, HostCredentials> byHost) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, byHost, authorName, authorEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withCaps(int maxLogEntries, int maxPatchBytes, int maxStatusEntries, int maxMessageBytes) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, credentials, authorName, authorEmail, maxLogEntries, maxPatchBytes,
                maxStatusEntries, maxMessageBytes, lockTimeout, networkTimeout);
    }

    public GitSettings withLockTimeout(Duration timeout) {
        return new GitSettings(root, protectedBranches, remoteAllowlist, credentials, authorName, authorEmail, maxLogEntries, maxPatchBytes,
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
}
