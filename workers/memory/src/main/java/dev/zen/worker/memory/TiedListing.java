package dev.zen.worker.memory;

import dev.zen.worker.memory.MemoryStore.Page;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyset listing (newest first: {@code createdAt} descending, then id descending) over a store that can
 * order only by {@code createdAt}, to the millisecond, and returns points of one millisecond in any order:
 * Qdrant. A page is the cursor's remaining millisecond, then the newest older points, then every point of
 * the last millisecond fetched (so that ties are sorted here by id, and none is skipped or repeated).
 */
final class TiedListing {

    /** What the store can answer. */
    interface Source {

        /** Up to {@code limit} memories made before {@code beforeMillis} (all when null), newest first by time only. */
        List<Memory> newest(Long beforeMillis, int limit);

        /** Every memory made in millisecond {@code millis}. */
        List<Memory> at(long millis);
    }

    private static final Comparator<Memory> NEWEST_FIRST = Comparator.comparing(Memory::createdAt).thenComparing(Memory::id).reversed();

    private TiedListing() {
    }

    static Page page(Source source, KeysetCursor from, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("Expected a page size of at least 1, but it was " + pageSize);
        }
        Map<String, Memory> candidates = new LinkedHashMap<>();
        Long before = null;
        if (from != null) {
            before = from.createdAt().toEpochMilli();
            String after = from.id().toString();
            source.at(before).stream().filter(memory -> memory.id().compareTo(after) < 0).forEach(memory -> candidates.putIfAbsent(memory.id(),
                    memory));
        }
        List<Memory> newest = source.newest(before, (int) Math.min(pageSize + 1L, Integer.MAX_VALUE));
        newest.forEach(memory -> candidates.putIfAbsent(memory.id(), memory));
        if (!newest.isEmpty()) {
            source.at(newest.getLast().createdAt().toEpochMilli()).forEach(memory -> candidates.putIfAbsent(memory.id(), memory));
        }
        List<Memory> sorted = candidates.values().stream().sorted(NEWEST_FIRST).toList();
        if (sorted.size() <= pageSize) {
            return new Page(sorted, null);
        }
        List<Memory> page = List.copyOf(sorted.subList(0, pageSize));
        return new Page(page, KeysetCursor.of(page.getLast()).encode());
    }
}
