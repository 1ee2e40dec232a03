package dev.zen.worker.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Process-wide JGit settings the git service depends on, installed once before the first repository
 * is opened:
 * <ul>
 *   <li>a {@link SystemReader} that gives JGit an empty system, user ({@code ~/.gitconfig}) and JGit
 *       config, so nothing of the process user's git setup (credential helpers, {@code url.insteadOf},
 *       filters, {@code core.sshCommand}) reaches a repository, and that hides {@code GIT_*} and
 *       {@code SSH_*} environment variables ({@code GIT_SSH} would make JGit run an ssh program), but
 *       for the committer an operation of this service sets on its thread ({@link #withCommitter});</li>
 *   <li>an HTTP connection factory that connects only while a remote operation of this service runs
 *       on the calling thread and only to a URL that operation allows (redirects included), and that
 *       never turns TLS verification off whatever {@code http.sslVerify} says.</li>
 * </ul>
 * These are JGit statics: the git service must be the only user of JGit in its JVM.
 */
final class GitSandbox {

    private static final ThreadLocal<Predicate<URL>> HTTP_EGRESS = new ThreadLocal<>();
    private static final ThreadLocal<PersonIdent> COMMITTER = new ThreadLocal<>();
    private static boolean installed;

    private GitSandbox() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        SystemReader.setInstance(new IsolatedSystemReader(SystemReader.getInstance()));
        HttpTransport.setConnectionFactory(new GuardedHttpConnectionFactory(new JDKHttpConnectionFactory()));
        installed = true;
    }

    /** Runs HTTP work on this thread with the given egress rule; nested calls keep the outer rule afterwards. */
    static <T, E extends Exception> T withHttpEgress(Predicate<URL> allowed, ThrowingSupplier<T, E> work) throws E {
        Predicate<URL> previous = HTTP_EGRESS.get();
        HTTP_EGRESS.set(allowed);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                HTTP_EGRESS.remove();
            } else {
                HTTP_EGRESS.set(previous);
            }
        }
    }

    /**
     * Runs work on this thread with {@code committer} as JGit's default committer of {@code repository}:
     * the identity {@code new PersonIdent(repository)} gives to a commit whose command sets none, as the
     * commits {@code RebaseCommand} makes (it has no committer setter). JGit's {@code UserConfig} reads
     * {@code GIT_COMMITTER_NAME} and {@code GIT_COMMITTER_EMAIL} from the system reader before
     * {@code user.name} and {@code user.email} of the config, so the isolated reader answers them with
     * this identity on this thread only. The repository's config is neither changed nor saved (a reload
     * from disk in the middle cannot lose the identity); its cached user section is dropped before and
     * after, so that neither an identity parsed earlier nor this one outlives the work.
     */
    static <T, E extends Exception> T withCommitter(Repository repository, PersonIdent committer, ThrowingSupplier<T, E> work) throws E {
        PersonIdent previous = COMMITTER.get();
        COMMITTER.set(committer);
        repository.getConfig().uncache(UserConfig.KEY);
        try {
            return work.get();
        } finally {
            repository.getConfig().uncache(UserConfig.KEY);
            if (previous == null) {
                COMMITTER.remove();
            } else {
                COMMITTER.set(previous);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    /** Thrown when JGit tries to open an HTTP connection the current operation does not allow. */
    static final class EgressRefused extends IOException {
        private static final long serialVersionUID = 1L;

        EgressRefused(String message) {
            super(message);
        }
    }

    private static final class GuardedHttpConnectionFactory implements HttpConnectionFactory2 {

        private final HttpConnectionFactory2 delegate;

        GuardedHttpConnectionFactory(HttpConnectionFactory2 delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpConnection create(URL url) throws IOException {
            check(url);
            return delegate.create(url);
        }

        @Override
        public HttpConnection create(URL url, Proxy proxy) throws IOException {
            check(url);
            return delegate.create(url, proxy);
        }

        @Override
        public GitSession newSession() {
            GitSession session = delegate.newSession();
            return new GitSession() {
                @Override
                public HttpConnection configure(HttpConnection connection, boolean sslVerify) throws IOException, GeneralSecurityException {
                    // a repository's http.sslVerify=false must not weaken TLS: always verify
                    return session.configure(connection, true);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }

        private static void check(URL url) throws EgressRefused {
            Predicate<URL> allowed = HTTP_EGRESS.get();
            if (allowed == null || !allowed.test(url)) {
                throw new EgressRefused("Expected HTTP only to a host on GIT_REMOTE_ALLOWLIST, but the remote sent the client to "
                        + url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()));
            }
        }
    }

    /** Empty global configs, hidden git/ssh environment but for the committer of {@link #withCommitter}. */
    private static final class IsolatedSystemReader extends SystemReader.Delegate {

        IsolatedSystemReader(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public String getenv(String variable) {
            PersonIdent committer = COMMITTER.get();
            if (committer != null && Constants.GIT_COMMITTER_NAME_KEY.equals(variable)) {
                return committer.getName();
            }
            if (committer != null && Constants.GIT_COMMITTER_EMAIL_KEY.equals(variable)) {
                return committer.getEmailAddress();
            }
            if (variable != null && (variable.startsWith("GIT_") || variable.startsWith("SSH_") || variable.startsWith("XDG_CONFIG"))) {
                return null;
            }
            return super.getenv(variable);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return new EmptyConfig(parent, fs);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new EmptyConfig(parent, fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return new EmptyConfig(parent, fs);
        }
    }

    private static final class EmptyConfig extends FileBasedConfig {

        EmptyConfig(Config parent, FS fs) {
            super(parent, null, fs);
        }

        @Override
        public void load() {
            // nothing: the service reads no global config
        }

        @Override
        public void save() {
            // nothing to keep
        }

        @Override
        public boolean isOutdated() {
            return false;
        }
    }
}
