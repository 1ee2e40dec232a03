package dev.zen.schemas;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6570 URI template as MCP resource templates use it, for matching a concrete URI and
 * extracting its variables: {@code {name}} matches one path segment (no {@code /}, percent-decoded),
 * {@code {+name}} matches the rest including {@code /} (reserved expansion). Only those two
 * expression forms are supported; anything else is refused when the template is built. Immutable.
 */
public final class UriTemplate {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([+]?)([A-Za-z0-9_.]+)}");

    private final String template;
    private final Pattern pattern;
    private final List<String> names;

    public UriTemplate(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("Expected a URI template, but it was blank");
        }
        this.template = template;
        List<String> variables = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            literal(template.substring(last, m.start()), regex);
            regex.append(m.group(1).isEmpty() ? "([^/?#]+)" : "(.+)");
            variables.add(m.group(2));
            last = m.end();
        }
        literal(template.substring(last), regex);
        this.pattern = Pattern.compile(regex.toString());
        this.names = List.copyOf(variables);
    }

    private void literal(String text, StringBuilder regex) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("Expected URI template expressions of the form {name} or {+name}, but '"
                    + template + "' has another");
        }
        regex.append(Pattern.quote(text));
    }

    /** The variables of {@code uri} when it matches this template. */
    public Optional<Map<String, String>> match(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return Optional.of(values);
    }

    public List<String> variables() {
        return names;
    }

    @Override
    public String toString() {
        return template;
    }
}
