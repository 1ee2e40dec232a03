package dev.zen.worker.runtime;

import java.util.List;

/**
 * Suggests values for one argument of a prompt or resource template ({@code completion/complete}):
 * given the argument's name, the partial value and the other arguments already given
 * ({@link ServiceCall#arguments()}), the values that fit, best first. At most 100 are sent.
 */
@FunctionalInterface
public interface Completer {

    List<String> complete(String argument, String partial, ServiceCall call) throws Exception;
}
