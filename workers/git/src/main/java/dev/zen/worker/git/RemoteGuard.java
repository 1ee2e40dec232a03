package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Decides which remotes the git service may talk to and how: {@code https} and {@code ssh} (also the
 * scp form {@code user@host:path}) to a host on {@code GIT_REMOTE_ALLOWLIST}, plain {@code http} only
 * to an allowlisted host (and a token over plain http only to a loopback host), and local repositories
 * only when they are inside {@code GIT_ROOT} all the way down: the directory, the git directory its
 * {@code .git} file names, the common directory, the objects and every alternate ({@link StorageGuard}).
 * A relative local path is resolved the way JGit's {@code TransportLocal} does, against the worktree of
 * the repository that talks to the remote (its git directory when bare). {@code file://} in an argument,
 * {@code ext::}, {@code git://} and every other scheme are refused. The same check runs again on the
 * transport JGit actually opens ({@link #callback(Repository)}), after {@code url.insteadOf} rewriting,
 * so a repository's config cannot send the service elsewhere; HTTP redirects are checked by
 * {@link GitSandbox}.
 *
 * <p>Credentials come from the settings, per host, and are attached to the transport only: an SSH
 * session factory per host with that host's key and strict known_hosts checking (no agent, no
 * {@code ~/.ssh}, no ssh config file), and a username/token provider for HTTPS. Thread-safe; closes
 * its SSH factories on {@link #close()}.
 */
final class RemoteGuard implements AutoCloseable {

    private final GitSettings settings;
    private final RepositoryJail jail;
    private final StorageGuard storage;
    private final FS fs;
    private final Map<String, SshdSessionFactory> sshFactories = new ConcurrentHashMap<>();

    RemoteGuard(GitSettings settings, RepositoryJail jail, StorageGuard storage, FS fs) {
        this.settings = settings;
        this.jail = jail;
        this.storage = storage;
        this.fs = fs;
    }

    /** How a URL reached us: typed by the caller (clone) or read from a repository's config. */
    enum Origin {
        ARGUMENT, CONFIG
    }

    /**
     * Parses and checks a clone {@code url} argument. A URL without scheme and host is a path relative
     * to {@code GIT_ROOT} and must lead to a repository that is inside it all the way down; it comes back
     * as the absolute path JGit should open.
     */
    URIish checkCloneUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ToolFailure("Expected url to name a remote repository, but it is empty");
        }
        if (url.indexOf('\0') >= 0 || url.chars().anyMatch(Character::isISOControl)) {
            throw new ToolFailure("Expected url to be a URL, but it contains control characters");
        }
        if (url.startsWith("-")) {
            throw new ToolFailure("Expected url to be a URL, but it starts with '-'");
        }
        if (url.matches("^[A-Za-z][A-Za-z0-9+.\\-]*::.*")) {
            throw new ToolFailure("Expected url to use https or ssh, or to be a path relative to GIT_ROOT, but it names a remote helper ("
                    + RepositoryJail.shown(url.substring(0, url.indexOf("::") + 2)) + ")");
        }
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new ToolFailure("Expected url to be an https, ssh or GIT_ROOT-relative URL, but it cannot be parsed");
        }
        if (uri.getPass() != null || (uri.getUser() != null && isHttp(uri.getScheme()))) {
            throw new ToolFailure("Expected url without credentials (they are configured per host by the operator), but it has user information");
        }
        if (uri.getScheme() == null && uri.getHost() == null) {
            Path local = jail.resolveRepository(uri.getPath());
            checkLocal(local.toFile(), "url '" + RepositoryJail.shown(url) + "'");
            return new URIish().setPath(local.toString());
        }
        check(uri, Origin.ARGUMENT, null);
        return uri;
    }

    /**
     * Checks a URL; throws a {@link ToolFailure} naming the rule it breaks. {@code base} is the directory
     * a relative local path is resolved against: the worktree of the repository that talks to the
     * remote, or its git directory when it is bare (see {@link #baseOf(Repository)}).
     */
    void check(URIish uri, Origin origin, File base) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        String shown = uri.toString();
        if ((scheme == null && (host == null || host.isEmpty())) || ("file".equals(scheme) && origin == Origin.CONFIG)) {
            String path = uri.getPath();
            if (path == null || path.isEmpty()) {
                throw new ToolFailure("Expected the remote '" + RepositoryJail.shown(shown) + "' to name a repository, but it has no path");
            }
            if (base == null && !new File(path).isAbsolute()) {
                throw new ToolFailure("Expected the local remote '" + RepositoryJail.shown(shown) + "' to be an absolute path here, but it is relative");
            }
            // exactly as TransportLocal.open: FS.resolve(worktree or git dir, path)
            checkLocal(fs.resolve(base, path), "the local remote '" + RepositoryJail.shown(shown) + "'");
            return;
        }
        if ("file".equals(scheme)) {
            throw new ToolFailure("Expected url to use https or ssh, or to be a path relative to GIT_ROOT, but it uses file://");
        }
        boolean known = scheme == null || "ssh".equals(scheme) || "https".equals(scheme) || "http".equals(scheme);
        if (!known || host == null || host.isEmpty()) {
            throw new ToolFailure("Expected the remote '" + RepositoryJail.shown(shown) + "' to use https or ssh (http only for an allowlisted host), but "
                    + (known ? "it has no host" : "it uses " + RepositoryJail.shown(scheme) + (uri.toString().contains("::") ? "::" : "://")));
        }
        if (!allowed(host, uri.getPort())) {
            throw new ToolFailure("Expected the remote host '" + RepositoryJail.shown(host) + "' to be on GIT_REMOTE_ALLOWLIST, but it is not"
                    + (settings.remoteAllowlist().isEmpty() ? " (the list is empty: only local repositories inside GIT_ROOT are reachable)" : ""));
        }
    }

    /**
     * Checks every URL configured for {@code remote} in the opened repository (its push URLs for a push,
     * if it has any), after {@code url.insteadOf} rewriting, and the repository's http config; returns
     * the URL the answer reports.
     */
    URIish checkConfigured(GitRepositories.Opened opened, String remote, boolean push) throws URISyntaxException {
        RemoteConfig config = new RemoteConfig(opened.repository().getConfig(), remote);
        List<URIish> uris = push && !config.getPushURIs().isEmpty() ? config.getPushURIs() : config.getURIs();
        if (uris.isEmpty()) {
            throw new ToolFailure("Expected remote '" + remote + "' to be configured in repo '" + opened.name() + "', but it is not");
        }
        for (URIish uri : uris) {
            check(uri, Origin.CONFIG, baseOf(opened.repository()));
        }
        GitRepositories.ConfigGuard.requireSafeHttpConfig(opened.repository().getConfig(), opened.name());
        return uris.get(0);
    }

    /**
     * A local remote at {@code path} (already resolved as JGit resolves it): the path and the repository
     * JGit would find there ({@link StorageGuard#gitDirOf}) must be inside the root all the way down.
     */
    private void checkLocal(File path, String what) {
        if (!jail.contains(StorageGuard.located(path.toPath()))) {
            throw new ToolFailure("Expected " + what + " to be a repository under GIT_ROOT, but it is outside GIT_ROOT");
        }
        if (path.isFile()) {
            // JGit would read it as a bundle
            throw new ToolFailure("Expected " + what + " to be a repository under GIT_ROOT, but it is a file");
        }
        File gitDir = storage.gitDirOf(path);
        if (gitDir == null) {
            throw new ToolFailure("Expected " + what + " to be a repository under GIT_ROOT, but there is no repository at that path");
        }
        storage.check(gitDir, what);
    }

    /** The directory JGit resolves a relative local remote of {@code local} against: its worktree, or its git directory when bare. */
    static File baseOf(Repository local) {
        return local.isBare() ? local.getDirectory() : local.getWorkTree();
    }

    boolean allowed(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        return settings.remoteAllowlist().contains(name) || (port > 0 && settings.remoteAllowlist().contains(name + ":" + port));
    }

    boolean allowed(URL url) {
        String protocol = url.getProtocol().toLowerCase(Locale.ROOT);
        return ("https".equals(protocol) || "http".equals(protocol)) && allowed(url.getHost(), url.getPort());
    }

    /**
     * The callback every transport of the service is configured with: checks the URL JGit really
     * opens, resets upload-pack/receive-pack to JGit's in-process defaults, attaches the host's
     * credentials and the network timeout. {@code local} is the repository the transport belongs to
     * (relative local remotes are resolved against it, as JGit does).
     */
    TransportConfigCallback callback(Repository local) {
        return transport -> configure(transport, baseOf(local));
    }

    /** As {@link #callback(Repository)} for a clone, whose repository JGit creates: a non-bare one in {@code destination}. */
    TransportConfigCallback callback(Path destination) {
        return transport -> configure(transport, destination.toFile());
    }

    private void configure(Transport transport, File base) {
        URIish uri = transport.getURI();
        check(uri, Origin.CONFIG, base);
        transport.setOptionUploadPack(RemoteConfigDefaults.UPLOAD_PACK);
        transport.setOptionReceivePack(RemoteConfigDefaults.RECEIVE_PACK);
        transport.setTimeout((int) Math.max(1, settings.networkTimeout().toSeconds()));
        transport.setCredentialsProvider(null);
        HostCredentials credentials = settings.credentialsFor(uri.getHost());
        if (transport instanceof SshTransport ssh) {
            if (credentials == null || credentials.ssh() == null) {
                throw new ToolFailure("Expected SSH credentials for host '" + RepositoryJail.shown(uri.getHost())
                        + "' in GIT_CREDENTIALS_FILE, but none are configured");
            }
            ssh.setSshSessionFactory(sshFactories.computeIfAbsent(uri.getHost().toLowerCase(Locale.ROOT), h -> sshFactory(credentials.ssh())));
        } else if (transport instanceof TransportHttp && credentials != null && credentials.https() != null) {
            if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
                throw new ToolFailure("Expected https to send the token of host '" + RepositoryJail.shown(uri.getHost())
                        + "', but the remote uses plain http");
            }
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(credentials.https().username(), credentials.https().token()));
        }
    }

    private static SshdSessionFactory sshFactory(HostCredentials.Ssh ssh) {
        File directory = ssh.privateKey().toAbsolutePath().getParent().toFile();
        SshConfigStore.HostConfig config = new FixedHostConfig(Map.of(
                SshConstants.USER, ssh.user(),
                SshConstants.STRICT_HOST_KEY_CHECKING, "yes",
                SshConstants.IDENTITIES_ONLY, "yes",
                SshConstants.IDENTITY_AGENT, "none",
                SshConstants.PREFERRED_AUTHENTICATIONS, "publickey",
                SshConstants.BATCH_MODE, "yes"),
                Map.of(SshConstants.IDENTITY_FILE, List.of(ssh.privateKey().toAbsolutePath().toString()),
                        SshConstants.USER_KNOWN_HOSTS_FILE, List.of(ssh.knownHosts().toAbsolutePath().toString()),
                        SshConstants.GLOBAL_KNOWN_HOSTS_FILE, List.of(ssh.knownHosts().toAbsolutePath().toString())));
        SshConfigStore store = new SshConfigStore() {
            @Override
            public HostConfig lookup(String hostName, int port, String userName) {
                return config;
            }

            @Override
            public HostConfig lookupDefault(String hostName, int port, String userName) {
                return config;
            }
        };
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(directory)
                .setSshDirectory(directory)
                .setConfigStoreFactory((home, file, user) -> store)
                .setDefaultKnownHostsFiles(dir -> List.of(ssh.knownHosts().toAbsolutePath()))
                .setDefaultIdentities(dir -> List.of(ssh.privateKey().toAbsolutePath()))
                .setPreferredAuthentications("publickey")
                .setConnectorFactory(null)
                .build(null);
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") && name.matches("127(\\.[0-9]{1,3}){3}") || name.equals("[::1]") || name.equals("::1");
    }

    private static boolean isHttp(String scheme) {
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    }

    @Override
    public void close() {
        sshFactories.values().forEach(SshdSessionFactory::close);
        sshFactories.clear();
    }

    /** JGit's in-process upload-pack and receive-pack names: any other value would make a local transport fork a program. */
    static final class RemoteConfigDefaults {
        static final String UPLOAD_PACK = "git-upload-pack";
        static final String RECEIVE_PACK = "git-receive-pack";

        private RemoteConfigDefaults() {
        }
    }

    private record FixedHostConfig(Map<String, String> options, Map<String, List<String>> multiValued) implements SshConfigStore.HostConfig {
        @Override
        public String getValue(String key) {
            String value = options.get(key);
            if (value == null && multiValued.containsKey(key)) {
                value = multiValued.get(key).get(0);
            }
            return value;
        }

        @Override
        public List<String> getValues(String key) {
            List<String> values = multiValued.get(key);
            if (values != null) {
                return values;
            }
            String value = options.get(key);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return multiValued;
        }
    }
}
