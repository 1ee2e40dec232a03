package dev.zen.worker.memory;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Which namespace a call works in, and whether its caller may. Every principal has a private namespace,
 * {@code ~subject} (or {@code ~tenant:subject}), which is the default and only ever its own: no grant
 * reaches a namespace starting with {@code ~}. Any other namespace is shared and usable only where the
 * policy file grants one of the caller's roles {@code memory.read} or {@code memory.write} for it (write
 * implies read). A namespace another caller may not use answers exactly as one that does not exist.
 */
final class Namespaces {

    static final Pattern NAME = Pattern.compile("~?[A-Za-z0-9][A-Za-z0-9._@+:-]{0,127}");

    private Namespaces() {
    }

    /**
     * The private namespace of {@code principal}: {@code ~subject} or {@code ~tenant:subject}, one per
     * principal and never shared. Characters outside {@code A-Z a-z 0-9 . _ @ + -} are written as
     * {@code %XX} (UTF-8), so two subjects never meet in one namespace ({@code a|b} and {@code a_b} stay
     * apart); a name over 129 characters keeps its head and ends in {@code #} and a SHA-256 of the whole.
     */
    static String privateOf(Principal principal) {
        String name = "~" + (principal.tenant() == null ? "" : escape(principal.tenant()) + ":") + escape(principal.subject());
        if (name.length() <= MAX_PRIVATE) {
            return name;
        }
        return name.substring(0, MAX_PRIVATE - 1 - HASH_CHARS) + "#" + sha256(name).substring(0, HASH_CHARS);
    }

    private static final int MAX_PRIVATE = 129;
    private static final int HASH_CHARS = 32;

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '@' || c == '+' || c == '-')) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /**
     * Whether {@code principal} may read ({@code write=false}) or write the namespace {@code name}: its own,
     * or a shared one the policy in {@code grants} (null: none published) grants one of its roles.
     */
    static boolean mayUse(Principal principal, String name, boolean write, AccessGrants grants) {
        return name.equals(privateOf(principal)) || (!name.startsWith("~") && NAME.matcher(name).matches() && grants != null
                && grants.allowsNamespace(principal, name, write));
    }

    /**
     * The namespace {@code asked} (null: the caller's own) if the caller may use it this way.
     *
     * @throws ToolFailure when the name is malformed, or the caller may not use it
     */
    static String resolve(ToolCall call, String asked, boolean write) {
        String own = privateOf(call.principal());
        if (asked == null || asked.equals(own)) {
            return own;
        }
        if (!NAME.matcher(asked).matches()) {
            throw new ToolFailure("Expected 'namespace' to be a name of letters, digits and . _ @ + : - (at most 128), but '"
                    + clip(asked) + "' is not");
        }
        if (!mayUse(call.principal(), asked, write, call.grants())) {
            throw new ToolFailure("Expected a namespace you may " + (write ? "write" : "read") + " (your own, " + own
                    + ", or one the policy file grants your roles), but '" + clip(asked) + "' is not one");
        }
        return asked;
    }

    static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
