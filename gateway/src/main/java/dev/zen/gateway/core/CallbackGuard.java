package dev.zen.gateway.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * The SSRF guard of callback URLs: http(s) only, no user info, and a host that resolves only to
 * public addresses: loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
 * metadata address, fe80::/10), carrier-grade NAT (100.64/10), any-local and multicast addresses are
 * refused unless the host (or address) is listed in {@code ZEN_CALLBACK_ALLOWLIST}. Checked when a
 * job is accepted and again right before every delivery (DNS can change in between).
 */
public final class CallbackGuard {

    private final Set<String> allowed;

    public CallbackGuard(Set<String> allowed) {
        this.allowed = allowed.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public static CallbackGuard fromList(String commaSeparated) {
        return new CallbackGuard(commaSeparated == null || commaSeparated.isBlank() ? Set.of() : Set.of(commaSeparated.split(",")));
    }

    /**
     * @return the URL, checked
     * @throws InvalidJobRequest naming {@code callback.url} and why
     */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new InvalidJobRequest("callback.url", "Expected callback.url to be an absolute http(s) URL, but it does not parse");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidJobRequest("callback.url", "Expected callback.url to use http or https, but it uses '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidJobRequest("callback.url", "Expected callback.url to name a host and no user info");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowed.contains(host) || allowed.contains(bare)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new InvalidJobRequest("callback.url", "Expected callback.url's host to resolve, but " + bare + " does not");
        }
        for (InetAddress address : addresses) {
            if (allowed.contains(address.getHostAddress())) {
                continue;
            }
            String why = forbidden(address);
            if (why != null) {
                throw new InvalidJobRequest("callback.url", "Expected callback.url to reach a public address, but " + bare + " resolves to "
                        + why + " address " + address.getHostAddress() + " (list it in ZEN_CALLBACK_ALLOWLIST to allow it)");
            }
        }
        return uri;
    }

    private static String forbidden(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "an any-local";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local (cloud metadata)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = address.getAddress();
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a carrier-grade NAT";
        }
        if (b.length == 4 && (b[0] & 0xff) == 0) {
            return "a 'this network'";
        }
        if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a unique-local";
        }
        if (address instanceof Inet6Address && isMappedOrCompatible(b)) {
            try {
                return forbidden(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                return "an unreadable";
            }
        }
        return null;
    }

    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}
