package dev.zen.worker.runtime.settings;

import java.util.List;

/** Every setting a worker could not accept, each as "Expected X to be …, but was …". */
public final class InvalidSettings extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidSettings(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : problems.size() + " settings are wrong:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
