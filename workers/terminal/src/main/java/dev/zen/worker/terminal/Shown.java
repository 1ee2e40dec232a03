package dev.zen.worker.terminal;

/** How a caller's text appears in an error message: at most 80 characters, control characters escaped. */
final class Shown {

    private static final int MAX = 80;

    private Shown() {
    }

    static String clip(String text) {
        StringBuilder shown = new StringBuilder();
        int limit = Math.min(text.length(), MAX);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\0' -> shown.append("\\0");
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        if (text.length() > MAX) {
            shown.append("… (").append(text.length()).append(" chars)");
        }
        return shown.toString();
    }
}
