package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Decides which remotes the git service may talk to and how: {@code https} and {@code ssh} (also the
 * scp form {@code user@host:path}) to a host on {@code GIT_REMOTE_ALLOWLIST}, plain {@code http} only
 * to an allowlisted host (and a token over plain http only to a loopback host), and local paths only
 * when they resolve inside {@code GIT_ROOT}; {@code file://} in an argument, {@code ext::}, {@code git://}
 * and every other scheme are refused. The same check runs again on the transport JGit actually
 * opens ({@link #callback()}), after {@code url.insteadOf} rewriting, so a repository's config cannot
 * send the service elsewhere; HTTP redirects are checked by {@link GitSandbox}.
 *
 * <p>Credentials come from the settings, per host, and are attached to the transport only: an SSH
 * session factory per host with that host's key and strict known_hosts checking (no agent, no
 * {@code ~/.ssh}, no ssh config file), and a username/token provider for HTTPS. Thread-safe; closes
 * its SSH factories on {@link #close()}.
 */
final class RemoteGuard implements AutoCloseable {

    private final GitSettings settings;
    private final RepositoryJail jail;
    private final Map<String, SshdSessionFactory> sshFactories = new ConcurrentHashMap<>();

    RemoteGuard(GitSettings settings, RepositoryJail jail) {
        this.settings = settings;
        this.jail = jail;
    }

    /** How a URL reached us: typed by the caller (clone) or read from a repository's config. */
    enum Origin {
        ARGUMENT, CONFIG
    }

    /**
     * Parses and checks a clone {@code url} argument. A URL without scheme and host is a path relative
     * to {@code GIT_ROOT}; it comes back as the absolute path JGit should open.
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
            return new URIish().setPath(local.toString());
        }
        check(uri, Origin.ARGUMENT);
        return uri;
    }

    /** Checks a URL; throws a {@link ToolFailure} naming the rule it breaks. */
    void check(URIish uri, Origin origin) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        String shown = uri.toString();
        if ((scheme == null && (host == null || host.isEmpty())) || ("file".equals(scheme) && origin == Origin.CONFIG)) {
            checkLocal(uri, shown);
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
                    + (settings.remoteAllowlist().isEmpty() ? " (the list is empty: only repositories under GIT_ROOT are reachable)" : ""));
        }
    }

    private void checkLocal(URIish uri, String shown) {
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new ToolFailure("Expected the remote '" + RepositoryJail.shown(shown) + "' to name a repository, but it has no path");
        }
        // JGit resolves a relative local remote against the working directory of the process
        File file = new File(path).isAbsolute() ? new File(path) : new File(new File("."), path);
        Path real;
        try {
            real = file.toPath().toRealPath();
        } catch (IOException e) {
            throw new ToolFailure("Expected the local remote to be a repository under GIT_ROOT, but it does not exist");
        }
        if (!jail.contains(real) || !Files.isDirectory(real)) {
            throw new ToolFailure("Expected a local remote to be a repository under GIT_ROOT, but it is outside GIT_ROOT");
        }
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
     * credentials and the network timeout.
     */
    TransportConfigCallback callback() {
        return this::configure;
    }

    private void configure(Transport transport) {
        URIish uri = transport.getURI();
        check(uri, Origin.CONFIG);
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
