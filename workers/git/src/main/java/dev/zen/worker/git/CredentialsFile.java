package dev.zen.worker.git;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the operator's credentials file ({@code GIT_CREDENTIALS_FILE}), a Java properties file with
 * one line per host and field:
 *
 * <pre>
 * github.com.ssh.key=/etc/zen/git/github_ed25519
 * github.com.ssh.known-hosts=/etc/zen/git/known_hosts
 * github.com.ssh.user=git
 * git.example.com.https.username=zen-bot
 * git.example.com.https.token=glpat-...
 * </pre>
 *
 * Relative file names are resolved against the credentials file's directory. The file holds secrets:
 * keep it readable by the worker only (mode 600). Error messages name keys, never values.
 */
public final class CredentialsFile {

    private static final String SSH_KEY = ".ssh.key";
    private static final String SSH_KNOWN_HOSTS = ".ssh.known-hosts";
    private static final String SSH_USER = ".ssh.user";
    private static final String HTTPS_USERNAME = ".https.username";
    private static final String HTTPS_TOKEN = ".https.token";

    private CredentialsFile() {
    }

    /** Reads the file into credentials per lower-case host; fails on an unknown key or a host missing a field. */
    public static Map<String, HostCredentials> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Path base = file.toAbsolutePath().getParent();
        Map<String, Map<String, String>> byHost = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String suffix = suffixOf(key);
            if (suffix == null || key.length() == suffix.length()) {
                throw new IllegalArgumentException("Expected every key of GIT_CREDENTIALS_FILE to be <host>.ssh.key, <host>.ssh.known-hosts, "
                        + "<host>.ssh.user, <host>.https.username or <host>.https.token, but got '" + key + "'");
            }
            String host = key.substring(0, key.length() - suffix.length()).toLowerCase(Locale.ROOT);
            byHost.computeIfAbsent(host, h -> new HashMap<>()).put(suffix, properties.getProperty(key).strip());
        }
        Map<String, HostCredentials> out = new TreeMap<>();
        byHost.forEach((host, fields) -> out.put(host, credentials(host, fields, base)));
        return out;
    }

    private static HostCredentials credentials(String host, Map<String, String> fields, Path base) {
        HostCredentials.Ssh ssh = null;
        if (fields.containsKey(SSH_KEY) || fields.containsKey(SSH_KNOWN_HOSTS) || fields.containsKey(SSH_USER)) {
            if (!fields.containsKey(SSH_KEY) || !fields.containsKey(SSH_KNOWN_HOSTS)) {
                throw new IllegalArgumentException(
                        "Expected both " + host + SSH_KEY + " and " + host + SSH_KNOWN_HOSTS + " in GIT_CREDENTIALS_FILE, but one is missing");
            }
            ssh = new HostCredentials.Ssh(fields.get(SSH_USER), base.resolve(fields.get(SSH_KEY)), base.resolve(fields.get(SSH_KNOWN_HOSTS)));
        }
        HostCredentials.Https https = null;
        if (fields.containsKey(HTTPS_USERNAME) || fields.containsKey(HTTPS_TOKEN)) {
            if (!fields.containsKey(HTTPS_USERNAME) || !fields.containsKey(HTTPS_TOKEN) || fields.get(HTTPS_TOKEN).isBlank()) {
                throw new IllegalArgumentException("Expected both " + host + HTTPS_USERNAME + " and a non-blank " + host + HTTPS_TOKEN
                        + " in GIT_CREDENTIALS_FILE, but one is missing");
            }
            https = new HostCredentials.Https(fields.get(HTTPS_USERNAME), fields.get(HTTPS_TOKEN));
        }
        return new HostCredentials(ssh, https);
    }

    private static String suffixOf(String key) {
        for (String suffix : new String[] {SSH_KEY, SSH_KNOWN_HOSTS, SSH_USER, HTTPS_USERNAME, HTTPS_TOKEN}) {
            if (key.endsWith(suffix)) {
                return suffix;
            }
        }
        return null;
    }
}
