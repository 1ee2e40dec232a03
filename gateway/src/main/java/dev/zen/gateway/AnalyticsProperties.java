package dev.zen.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live analytics settings under {@code zen.analytics}: {@code mode} is {@code ZEN_ANALYTICS} ({@code on},
 * the default, or {@code off}: no Kafka Streams application, {@code /v1/analytics} answers 404).
 */
@ConfigurationProperties("zen.analytics")
public record AnalyticsProperties(@DefaultValue("on") String mode) {

    /** Whether analytics run; anything but on/off (or true/false) is refused, naming ZEN_ANALYTICS. */
    public boolean enabled() {
        return switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("Expected ZEN_ANALYTICS to be on or off, but was '" + mode + "'");
        };
    }
}
