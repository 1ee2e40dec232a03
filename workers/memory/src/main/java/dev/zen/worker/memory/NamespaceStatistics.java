package dev.zen.worker.memory;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.SmallFloat;

/**
 * A searcher whose BM25 statistics are those of one namespace: how many of its memories hold a word, how
 * many it has, their average length. Lucene's own are index-wide, so a word's weight in one namespace
 * would shift with the words of every other, and a caller comparing its own rankings could learn
 * whether a rare word occurs in someone else's memories. Costs a count per query word and one pass over
 * the namespace's lengths (norms) per keyword search: about 1 ms more per search of a 10,000-memory
 * namespace (docs/benchmarks.md).
 */
final class NamespaceStatistics extends IndexSearcher {

    private final IndexSearcher all;
    private final Query inNamespace;

    private NamespaceStatistics(IndexSearcher all, String namespace) {
        super(all.getIndexReader());
        this.all = all;
        this.inNamespace = new TermQuery(new Term(LuceneDocuments.NAMESPACE, namespace));
        setSimilarity(all.getSimilarity());
    }

    /** A searcher over {@code all}'s reader that scores as if {@code namespace} were the whole index. */
    static IndexSearcher of(IndexSearcher all, String namespace) {
        return new NamespaceStatistics(all, namespace);
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        int inNamespaceFreq = all.count(new BooleanQuery.Builder().add(new TermQuery(term), Occur.FILTER).add(inNamespace, Occur.FILTER)
                .build());
        // a word the namespace lacks matches none of its memories: its statistics are never used, but must be valid
        long freq = Math.max(1, inNamespaceFreq);
        return new TermStatistics(term.bytes(), freq, freq);
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
        long[] docsAndLength = new long[2];
        all.search(inNamespace, new SimpleCollector() {
            private NumericDocValues norms;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws IOException {
                norms = context.reader().getNormValues(field);
            }

            @Override
            public void collect(int doc) throws IOException {
                if (norms != null && norms.advanceExact(doc)) {
                    int length = SmallFloat.byte4ToInt((byte) norms.longValue());
                    if (length > 0) {
                        docsAndLength[0]++;
                        docsAndLength[1] += length;
                    }
                }
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        long docs = Math.max(1, docsAndLength[0]);
        long length = Math.max(docs, docsAndLength[1]);
        return new CollectionStatistics(field, Math.max(docs, getIndexReader().maxDoc()), docs, length, length);
    }
}
