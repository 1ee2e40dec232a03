package dev.zen.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The two output buffers: head and tail of a command's output, and a background process's log by offset. */
class OutputBuffersTest {

    @Test
    void shouldKeepEverythingThatFitsAndHeadAndTailOfTheRest() {
        HeadTailBuffer small = new HeadTailBuffer(100);
        write(small, "short");
        assertThat(small.text()).isEqualTo("short");
        assertThat(small.truncated()).isFalse();

        HeadTailBuffer big = new HeadTailBuffer(10);
        write(big, "0123456789ABCDEFGHIJ");
        assertThat(big.total()).isEqualTo(20);
        assertThat(big.truncated()).isTrue();
        assertThat(big.text()).isEqualTo("01234\n[… 10 bytes left out …]\nFGHIJ");
    }

    @Test
    void shouldReadByOffsetWithoutCuttingACharacter() throws Exception {
        OutputLog log = new OutputLog(1024);
        byte[] text = "héllo wörld".getBytes(StandardCharsets.UTF_8);
        log.append(text, 0, text.length);
        // 2 bytes end inside 'é' (2 bytes at offsets 1-2): the chunk stops before it
        OutputLog.Chunk first = log.read(0, 2, 0);
        assertThat(first.text()).isEqualTo("h");
        assertThat(first.nextOffset()).isEqualTo(1);
        assertThat(first.more()).isTrue();
        OutputLog.Chunk rest = log.read(first.nextOffset(), 100, 0);
        assertThat(rest.text()).isEqualTo("éllo wörld");
        assertThat(rest.more()).isFalse();
    }

    @Test
    void shouldSayHowMuchWasDroppedAndWaitForMore() throws Exception {
        OutputLog log = new OutputLog(8);
        write(log, "0123456789");
        OutputLog.Chunk chunk = log.read(0, 100, 0);
        assertThat(chunk.skipped()).isEqualTo(2);
        assertThat(chunk.offset()).isEqualTo(2);
        assertThat(chunk.text()).isEqualTo("23456789");
        Thread.ofVirtual().start(() -> {
            sleep(200);
            write(log, "X");
        });
        long started = System.nanoTime();
        OutputLog.Chunk waited = log.read(10, 100, 5_000);
        assertThat(waited.text()).isEqualTo("X");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
        log.close();
        assertThat(log.read(11, 100, 5_000).text()).isEmpty(); // closed: no wait
    }

    private static void write(HeadTailBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
    }

    private static void write(OutputLog log, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        log.append(bytes, 0, bytes.length);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
