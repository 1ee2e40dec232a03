package dev.zen.worker.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes what must not reach the caller from a message: configured tokens, the user information of
 * URLs ({@code https://user:token@host} becomes {@code https://***@host}), the file names of SSH keys
 * and known_hosts files, the host path of the root ({@code <GIT_ROOT>} instead) and any other
 * absolute host path ({@code <path>} instead: the worker's directories, a temporary file). JGit's own
 * error messages echo URLs and absolute paths, so every message built from one passes through here.
 * Thread-safe.
 */
final class Redactor {

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^/@\\s]*@");
    private static final String MASK = "***";
    /**
     * An absolute path: a slash that starts a word (not one of a URL, of {@code <GIT_ROOT>/...}, of
     * {@code origin/main} or of a date), up to white space, a quote or a bracket.
     */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.~:/>@\\-])/(?=[^\\s/])[^\\s'\"<>()\\[\\],;]*");

    private final List<String> secrets;
    private final List<String> paths;
    private final String root;

    Redactor(GitSettings settings, Path realRoot) {
        List<String> secretValues = new ArrayList<>();
        List<String> hostPaths = new ArrayList<>();
        settings.credentials().values().forEach(credentials -> {
            if (credentials.https() != null) {
                secretValues.add(credentials.https().token());
            }
            if (credentials.ssh() != null) {
                hostPaths.add(credentials.ssh().privateKey().toAbsolutePath().toString());
                hostPaths.add(credentials.ssh().knownHosts().toAbsolutePath().toString());
            }
        });
        // longest first, so that a secret containing another is masked whole
        secretValues.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(secretValues);
        this.paths = List.copyOf(hostPaths);
        this.root = realRoot.toString();
    }

    String scrub(String message) {
        if (message == null) {
            return "";
        }
        String out = message;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        out = URL_USERINFO.matcher(out).replaceAll(match -> {
            String userinfo = match.group().substring(match.group(1).length(), match.group().length() - 1);
            // a bare user name (git@) is no secret; anything with a password part is
            return userinfo.contains(":") || userinfo.contains("%3A") || userinfo.contains("%3a")
                    ? java.util.regex.Matcher.quoteReplacement(match.group(1) + MASK + "@")
                    : java.util.regex.Matcher.quoteReplacement(match.group());
        });
        for (String path : paths) {
            out = out.replace(path, "<ssh key file>");
        }
        out = out.replace(root, "<GIT_ROOT>");
        return ABSOLUTE_PATH.matcher(out).replaceAll("<path>");
    }
}
