package dev.zen.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jgit.errors.NoWorkTreeException;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which failures become scrubbed tool errors and which stay crashes (bugs of the service's own code). */
class GitErrorsTest {

    @TempDir
    Path root;

    GitErrors errors;
    Path realRoot;

    @BeforeEach
    void setUp() throws Exception {
        realRoot = root.toRealPath();
        errors = new GitErrors(new Redactor(GitSettings.defaults(realRoot), realRoot));
    }

    @Test
    void shouldTurnAnUncheckedIoFailureIntoAToolErrorWithoutHostPaths() {
        // given: what JGit throws from a config reload or a vanished file, naming host paths
        var failure = new UncheckedIOException(new IOException("Cannot read " + realRoot.resolve("project/.git/config")
                + " nor /home/worker/.cache/zen/tmp-4711"));

        // when
        RuntimeException translated = errors.translate(failure, "project");

        // then
        assertThat(translated).isExactlyInstanceOf(ToolFailure.class);
        assertThat(translated.getMessage())
                .startsWith("Expected the git operation on 'project' to succeed, but: ")
                .contains("<GIT_ROOT>/project/.git/config", "<path>")
                .doesNotContain(realRoot.toString(), "/home/worker");
    }

    @Test
    void shouldTurnJGitsUncheckedExceptionsIntoToolErrors() {
        // given: an IllegalArgumentException out of JGit's own parser, and a NoWorkTreeException (an IllegalStateException)
        Throwable invalidId = catchThrowable(() -> ObjectId.fromString("not-a-hash-not-a-hash-not-a-hash-not-a-h"));

        // when / then
        assertThat(invalidId).isInstanceOf(IllegalArgumentException.class);
        assertThat(errors.translate(invalidId, "project")).isExactlyInstanceOf(ToolFailure.class);
        assertThat(errors.translate(new NoWorkTreeException(), "bare.git")).isExactlyInstanceOf(ToolFailure.class)
                .hasMessageContaining("bare repository");
        assertThat(errors.translate(new RuntimeException(new ClassNotFoundException("x")), "project")).isExactlyInstanceOf(ToolFailure.class);
    }

    @Test
    void shouldKeepABugOfTheServicesOwnCodeACrash() {
        // given: a NullPointerException thrown (through the JDK) by a dev.zen class, and an IllegalStateException thrown here
        Throwable npe = catchThrowable(() -> Objects.requireNonNull(null, "repository"));
        Throwable state = catchThrowable(() -> {
            throw new IllegalStateException("Expected an opened repository");
        });

        // when / then: passed on unchanged, so that the runtime reports and dead-letters them as crashes
        assertThat(errors.translate(npe, "project")).isSameAs(npe);
        assertThat(errors.translate(state, "project")).isSameAs(state);
    }
}
