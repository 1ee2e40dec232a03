package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shielded step runs to its end whatever interrupts its caller, and the caller keeps its interrupt. */
class InterruptShieldTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetAFileChannelWriteFinishOnAnInterruptedCaller() throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "old");
        // unshielded, the interrupted caller's channel write fails after truncating the file: what the shield is for
        // (Files.write and Files.newOutputStream are uninterruptible; FileChannel, which Lucene uses, is not)
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> writeThroughAChannel(file, "new")).isInstanceOf(ClosedByInterruptException.class);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(file).hasContent("");

        Thread.currentThread().interrupt();
        int written = InterruptShield.call(() -> writeThroughAChannel(file, "new"));

        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(written).isEqualTo(3);
        assertThat(file).hasContent("new");
    }

    private static int writeThroughAChannel(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            return channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldWaitForTheStepWhenTheCallerIsInterruptedMeanwhile() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                result.set(InterruptShield.call(() -> {
                    started.countDown();
                    release.await();
                    return "finished";
                }));
            } catch (InterruptedException e) {
                result.set("the step itself was interrupted");
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        started.await();
        caller.interrupt();
        Thread.sleep(50);
        assertThat(caller.isAlive()).as("the caller still waits for its step").isTrue();
        release.countDown();
        caller.join();

        assertThat(result.get()).isEqualTo("finished");
        assertThat(interruptedAfter.get()).isTrue();
    }

    @Test
    void shouldPassOnWhatTheStepThrew() {
        assertThatThrownBy(() -> InterruptShield.call(() -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> InterruptShield.run(() -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }
}
