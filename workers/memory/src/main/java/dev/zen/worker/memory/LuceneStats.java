package dev.zen.worker.memory;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Adds up a namespace's {@link MemoryStore.Stats} from doc values alone (count, content bytes, oldest and
 * newest {@code createdAt}, memories per tag), without loading a stored document. One collector per
 * search slice; {@link #reduce} adds the slices.
 */
final class LuceneStats implements CollectorManager<LuceneStats.Slice, MemoryStore.Stats> {

    @Override
    public Slice newCollector() {
        return new Slice();
    }

    @Override
    public MemoryStore.Stats reduce(Collection<Slice> slices) {
        long count = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        Map<String, Long> tags = new TreeMap<>();
        for (Slice slice : slices) {
            count += slice.count;
            bytes += slice.bytes;
            oldest = Math.min(oldest, slice.oldest);
            newest = Math.max(newest, slice.newest);
            slice.tags.forEach((tag, n) -> tags.merge(tag, n, Long::sum));
        }
        return count == 0 ? new MemoryStore.Stats(0, 0, null, null, Map.of())
                : new MemoryStore.Stats(count, bytes, Instant.ofEpochMilli(oldest), Instant.ofEpochMilli(newest), tags);
    }

    /** The sums over the documents one slice of the search sees. */
    static final class Slice extends SimpleCollector {

        private long count;
        private long bytes;
        private long oldest = Long.MAX_VALUE;
        private long newest = Long.MIN_VALUE;
        private final Map<String, Long> tags = new TreeMap<>();
        private NumericDocValues leafBytes;
        private NumericDocValues leafCreated;
        private SortedSetDocValues leafTags;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            leafBytes = DocValues.getNumeric(context.reader(), LuceneDocuments.BYTES);
            leafCreated = DocValues.getNumeric(context.reader(), LuceneDocuments.CREATED_AT);
            leafTags = DocValues.getSortedSet(context.reader(), LuceneDocuments.TAG);
        }

        @Override
        public void collect(int doc) throws IOException {
            count++;
            if (leafBytes.advanceExact(doc)) {
                bytes += leafBytes.longValue();
            }
            if (leafCreated.advanceExact(doc)) {
                oldest = Math.min(oldest, leafCreated.longValue());
                newest = Math.max(newest, leafCreated.longValue());
            }
            if (leafTags.advanceExact(doc)) {
                for (int i = 0; i < leafTags.docValueCount(); i++) {
                    tags.merge(leafTags.lookupOrd(leafTags.nextOrd()).utf8ToString(), 1L, Long::sum);
                }
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
