package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.memory.MemoryStore.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TiedListingTest {

    /** Like Qdrant: ordered by the millisecond only, ties in any order. */
    record ShuffledSource(List<Memory> memories, Random random) implements TiedListing.Source {

        @Override
        public List<Memory> newest(Long beforeMillis, int limit) {
            List<Memory> older = new ArrayList<>(memories.stream()
                    .filter(memory -> beforeMillis == null || memory.createdAt().toEpochMilli() < beforeMillis).toList());
            Collections.shuffle(older, random);
            older.sort(Comparator.comparing((Memory memory) -> memory.createdAt().toEpochMilli()).reversed());
            return older.subList(0, Math.min(limit, older.size()));
        }

        @Override
        public List<Memory> at(long millis) {
            List<Memory> tied = new ArrayList<>(memories.stream().filter(memory -> memory.createdAt().toEpochMilli() == millis).toList());
            Collections.shuffle(tied, random);
            return tied;
        }
    }

    @Test
    void shouldVisitEveryMemoryOnceNewestFirstWhateverThePageSizeAndTies() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            // given: up to 60 memories over a few milliseconds, so most share one
            List<Memory> memories = new ArrayList<>();
            int count = random.nextInt(61);
            int spread = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                Instant at = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(spread));
                memories.add(new Memory(UUID.randomUUID().toString(), "ns", "m" + i, List.of(), null, "h" + i, at, at));
            }
            List<Memory> expected = memories.stream().sorted(Comparator.comparing(Memory::createdAt).thenComparing(Memory::id).reversed())
                    .toList();
            TiedListing.Source source = new ShuffledSource(memories, random);
            int pageSize = 1 + random.nextInt(7);

            // when
            List<Memory> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page page = TiedListing.page(source, KeysetCursor.decode(cursor), pageSize);
                assertThat(page.memories().size()).isLessThanOrEqualTo(pageSize);
                seen.addAll(page.memories());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages <= count + 1);

            // then
            assertThat(seen).as("round %d, page size %d", round, pageSize).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseAPageSizeBelowOne() {
        assertThatThrownBy(() -> TiedListing.page(new ShuffledSource(List.of(), new Random()), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
