package dev.zen.worker.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

/**
 * The Lucene queries of {@link LuceneStore}, built from values only: a {@link MemoryFilter} becomes term
 * and point-range clauses, a keyword query becomes one {@link TermQuery} per word the analyzer makes of
 * it. Caller text never reaches a query parser, so {@code "}, {@code *}, {@code :} or {@code OR} are
 * just characters. Stateless; thread-safe.
 */
final class LuceneQueries {

    /** At most this many distinct words of a keyword query are searched (Lucene refuses more clauses than its maximum). */
    static final int MAX_WORDS = Math.min(256, IndexSearcher.getMaxClauseCount() - 8);

    private LuceneQueries() {
    }

    /** The memories {@code filter} matches, as a query that does not score. */
    static Query filter(MemoryFilter filter) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new TermQuery(new Term(LuceneDocuments.NAMESPACE, filter.namespace())), Occur.FILTER);
        if (!filter.tags().isEmpty()) {
            if (filter.tagMatch() == MemoryFilter.TagMatch.ALL) {
                for (String tag : filter.tags()) {
                    query.add(new TermQuery(new Term(LuceneDocuments.TAG, tag)), Occur.FILTER);
                }
            } else {
                BooleanQuery.Builder any = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
                for (String tag : new LinkedHashSet<>(filter.tags())) {
                    any.add(new TermQuery(new Term(LuceneDocuments.TAG, tag)), Occur.SHOULD);
                }
                query.add(any.build(), Occur.FILTER);
            }
        }
        if (filter.after() != null || filter.before() != null) {
            long from = filter.after() == null ? Long.MIN_VALUE : ceilMillis(filter.after());
            long to = filter.before() == null ? Long.MAX_VALUE : ceilMillis(filter.before());
            if (filter.before() != null) {
                if (to == Long.MIN_VALUE) {
                    return new MatchNoDocsQuery("before the first instant");
                }
                to--; // before is exclusive
            }
            query.add(LongPoint.newRangeQuery(LuceneDocuments.CREATED_AT, from, to), Occur.FILTER);
        }
        return query.build();
    }

    /** {@code filter} narrowed to the memories after {@code cursor} in the listing's order (createdAt, then id, both descending). */
    static Query after(Query filter, ListCursor cursor) {
        if (cursor == null) {
            return filter;
        }
        BooleanQuery.Builder later = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        if (cursor.createdAt() != Long.MIN_VALUE) {
            later.add(LongPoint.newRangeQuery(LuceneDocuments.CREATED_AT, Long.MIN_VALUE, cursor.createdAt() - 1), Occur.SHOULD);
        }
        later.add(new BooleanQuery.Builder()
                .add(LongPoint.newExactQuery(LuceneDocuments.CREATED_AT, cursor.createdAt()), Occur.FILTER)
                .add(TermRangeQuery.newStringRange(LuceneDocuments.ID, null, cursor.id(), false, false), Occur.FILTER)
                .build(), Occur.SHOULD);
        return new BooleanQuery.Builder().add(filter, Occur.FILTER).add(later.build(), Occur.FILTER).build();
    }

    /**
     * A query that scores by BM25 the memories holding any of {@code text}'s words (as the analyzer makes
     * them), among those {@code filter} matches; null when the text has no words.
     */
    static Query keyword(Analyzer analyzer, Query filter, String text) {
        Set<String> words = words(analyzer, text);
        if (words.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String word : words) {
            any.add(new TermQuery(new Term(LuceneDocuments.CONTENT, word)), Occur.SHOULD);
        }
        return new BooleanQuery.Builder().add(any.build(), Occur.MUST).add(filter, Occur.FILTER).build();
    }

    private static Set<String> words(Analyzer analyzer, String text) {
        Set<String> words = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(LuceneDocuments.CONTENT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (words.size() < MAX_WORDS && tokens.incrementToken()) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return words;
    }

    /** The first whole millisecond at or after {@code instant}, clamped to the range of a long. */
    private static long ceilMillis(Instant instant) {
        try {
            long millis = instant.toEpochMilli();
            return instant.getNano() % 1_000_000 == 0 || millis == Long.MAX_VALUE ? millis : millis + 1;
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
