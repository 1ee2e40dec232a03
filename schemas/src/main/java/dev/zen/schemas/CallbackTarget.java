package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where an asynchronous call's outcome is delivered. Carries the id of the signing secret, never
 * the secret itself.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackTarget(String url, String secretId) {
}
