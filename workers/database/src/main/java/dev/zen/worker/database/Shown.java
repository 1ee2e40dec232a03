package dev.zen.worker.database;

import java.net.URI;

/** How configuration and caller text appear in messages: URLs without credentials, long text clipped. */
final class Shown {

    private static final int MAX = 120;

    private Shown() {
    }

    /** {@code url} without its user info. */
    static String url(URI url) {
        return url.getScheme() + "://" + (url.getHost() == null ? "" : url.getHost()) + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }

    static String clip(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').replace('\0', ' ');
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "… (" + text.length() + " chars)";
    }
}
