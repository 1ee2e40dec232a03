package dev.zen.worker.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a {@link Memory} is laid out as a Lucene document, and read back. One document per memory:
 * <ul>
 *   <li>{@code key} (namespace and id, indexed only): the term a replace or delete names, unique in the index;</li>
 *   <li>{@code id}, {@code namespace}, {@code hash}, {@code tag} (one per tag): exact-match {@link StringField}s,
 *       stored; {@code id} also sorted (the listing's tie-break), {@code tag} also as doc values (the stats);</li>
 *   <li>{@code content}: a {@link TextField} (analyzed for BM25), stored; {@code bytes}: its UTF-8 length as doc values;</li>
 *   <li>{@code createdAt}, {@code updatedAt}: epoch milliseconds as a {@link LongPoint} (ranges), doc values (sort,
 *       stats) and stored;</li>
 *   <li>{@code metadata}: the JSON text, stored only;</li>
 *   <li>{@code vector}: a {@link KnnFloatVectorField} with {@link VectorSimilarityFunction#COSINE}, in the HNSW graph.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class LuceneDocuments {

    static final String KEY = "key";
    static final String ID = "id";
    static final String NAMESPACE = "namespace";
    static final String HASH = "hash";
    static final String TAG = "tag";
    static final String CONTENT = "content";
    static final String BYTES = "bytes";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String METADATA = "metadata";
    static final String VECTOR = "vector";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LuceneDocuments() {
    }

    /** The unique term of a memory: its namespace and id (an id is a UUID, so the first NUL ends the id). */
    static Term key(String namespace, String id) {
        return new Term(KEY, id + '\u0000' + namespace);
    }

    static Document document(Memory memory, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key(memory.namespace(), memory.id()).text(), Store.NO));
        doc.add(new StringField(ID, memory.id(), Store.YES));
        doc.add(new SortedDocValuesField(ID, new BytesRef(memory.id())));
        doc.add(new StringField(NAMESPACE, memory.namespace(), Store.YES));
        doc.add(new StringField(HASH, memory.contentHash(), Store.YES));
        for (String tag : new LinkedHashSet<>(memory.tags())) {
            doc.add(new StringField(TAG, tag, Store.YES));
            doc.add(new SortedSetDocValuesField(TAG, new BytesRef(tag)));
        }
        doc.add(new TextField(CONTENT, memory.content(), Store.YES));
        doc.add(new NumericDocValuesField(BYTES, memory.content().getBytes(StandardCharsets.UTF_8).length));
        addTime(doc, CREATED_AT, memory.createdAt());
        addTime(doc, UPDATED_AT, memory.updatedAt());
        doc.add(new StoredField(METADATA, JSON.writeValueAsString(memory.metadata() == null ? emptyMetadata() : memory.metadata())));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        return doc;
    }

    static ObjectNode emptyMetadata() {
        return JSON.createObjectNode();
    }

    static Memory memory(Document doc) {
        List<String> tags = new ArrayList<>();
        for (IndexableField tag : doc.getFields(TAG)) {
            tags.add(tag.stringValue());
        }
        return new Memory(doc.get(ID), doc.get(NAMESPACE), doc.get(CONTENT), tags, (ObjectNode) JSON.readTree(doc.get(METADATA)), doc.get(HASH),
                time(doc, CREATED_AT), time(doc, UPDATED_AT));
    }

    private static void addTime(Document doc, String field, Instant time) {
        long millis = time.toEpochMilli();
        doc.add(new LongPoint(field, millis));
        doc.add(new NumericDocValuesField(field, millis));
        doc.add(new StoredField(field, millis));
    }

    private static Instant time(Document doc, String field) {
        return Instant.ofEpochMilli(doc.getField(field).numericValue().longValue());
    }
}
