package dev.zen.worker.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The credentials of one remote host: an SSH key with the host's known_hosts file, an HTTPS token, or
 * both. Configured by the operator only ({@link CredentialsFile}), never taken from a tool argument.
 * {@link #toString()} never prints the token.
 *
 * @param ssh SSH key login, or null
 * @param https HTTPS token login, or null
 */
public record HostCredentials(Ssh ssh, Https https) {

    public HostCredentials {
        if (ssh == null && https == null) {
            throw new IllegalArgumentException("Expected SSH or HTTPS credentials, but got neither");
        }
    }

    /**
     * SSH login by public key. Host keys are checked strictly against {@code knownHosts}; no agent,
     * no {@code ~/.ssh} of the process user.
     *
     * @param user the login name (usually {@code git})
     * @param privateKey an unencrypted OpenSSH private key file
     * @param knownHosts an OpenSSH known_hosts file that must list the host's key
     */
    public record Ssh(String user, Path privateKey, Path knownHosts) {
        public Ssh {
            user = user == null || user.isBlank() ? "git" : user.strip();
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(knownHosts, "knownHosts");
        }
    }

    /**
     * HTTPS login by token (HTTP Basic: user name and token as password).
     *
     * @param username the user name the host expects with a token (for example {@code x-access-token}
     *     or {@code oauth2})
     * @param token the token; never printed
     */
    public record Https(String username, String token) {
        public Https {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("Expected a non-blank token");
            }
        }

        @Override
        public String toString() {
            return "Https[username=" + username + ", token=***]";
        }
    }
}
