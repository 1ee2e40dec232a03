package dev.zen.worker.memory;

import static io.qdrant.client.ConditionFactory.matchTextAny;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static io.qdrant.client.WithPayloadSelectorFactory.include;

import com.google.common.util.concurrent.ListenableFuture;
import dev.zen.worker.runtime.InterruptShield;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.TextIndexParams;
import io.qdrant.client.grpc.Collections.TokenizerType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.Direction;
import io.qdrant.client.grpc.Points.OrderBy;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Qdrant store (the seed's vector database), over gRPC with {@code io.qdrant:client}: one collection per
 * store, vectors of the model's dimension compared by cosine, one point per memory whose id is the
 * memory's UUID and whose payload is laid out by {@link QdrantPayload}, with payload indexes on namespace
 * and tags (keyword), content hash (keyword), {@code created_at} (integer) and content (full text). The
 * model and dimension are recorded in the collection's metadata and checked on {@link #open}.
 * Thread-safe; every write waits until Qdrant has applied it.
 *
 * <p>Hazards, said plainly. Qdrant has no BM25 over payload text: {@link #keyword} finds the points whose
 * content holds any of the query's words (a full-text {@code text_any} match on the index) and ranks up
 * to {@value #KEYWORD_CANDIDATES} of them here by the share of the query's distinct words each contains.
 * Merging a duplicate is a lookup by (namespace, content hash) then a write: it is atomic among the
 * threads of one store (striped locks), not across two processes writing the same text to one namespace
 * at the same moment, which may then store it twice. {@link #stats} and {@link #delete(MemoryFilter)} read
 * every matching point's ids or light payload fields.
 */
public final class QdrantStore implements MemoryStore {

    static final int KEYWORD_CANDIDATES = 1000;
    private static final int SCROLL_PAGE = 256;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String MODEL_KEY = "zen_model";
    private static final String DIMENSION_KEY = "zen_dimension";

    private final QdrantClient client;
    private final CollectionName name;
    private final String where;
    private final Object[] putLocks = new Object[64];

    private volatile String model;
    private volatile int dimension;
    private volatile boolean closed;

    /** A store on the Qdrant server at {@code host}:{@code port} (gRPC, usually 6334); {@code apiKey} may be null. */
    public QdrantStore(String host, int port, boolean tls, String apiKey, String collection) {
        this(client(host, port, tls, apiKey), host + ":" + port, collection);
    }

    QdrantStore(QdrantClient client, String where, String collection) {
        this.client = client;
        this.where = where;
        this.name = new CollectionName(collection);
        for (int i = 0; i < putLocks.length; i++) {
            putLocks[i] = new Object();
        }
    }

    private static QdrantClient client(String host, int port, boolean tls, String apiKey) {
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(host, port, tls).withTimeout(TIMEOUT);
        if (apiKey != null && !apiKey.isEmpty()) {
            builder.withApiKey(apiKey);
        }
        return new QdrantClient(builder.build());
    }

    /** The collection's name. */
    public String collection() {
        return name.value();
    }

    @Override
    public synchronized void open(String model, int dimension) {
        if (dimension < 1 || dimension > 65_535) {
            throw new IllegalArgumentException("Expected a dimension from 1 to 65535, but it was " + dimension);
        }
        if (!await(client.collectionExistsAsync(name.value()), "look for the collection")) {
            CreateCollection create = CreateCollection.newBuilder().setCollectionName(name.value())
                    .setVectorsConfig(VectorsConfig.newBuilder()
                            .setParams(VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine)))
                    .putMetadata(MODEL_KEY, value(model)).putMetadata(DIMENSION_KEY, value(dimension)).build();
            try {
                await(client.createCollectionAsync(create), "create the collection");
            } catch (IllegalStateException e) {
                // another store may have made it meanwhile: the check below decides
                if (!await(client.collectionExistsAsync(name.value()), "look for the collection")) {
                    throw e;
                }
            }
        }
        check(await(client.getCollectionInfoAsync(name.value()), "read the collection's configuration"), model, dimension);
        index(QdrantPayload.NAMESPACE, PayloadSchemaType.Keyword, null);
        index(QdrantPayload.TAGS, PayloadSchemaType.Keyword, null);
        index(QdrantPayload.CONTENT_HASH, PayloadSchemaType.Keyword, null);
        index(QdrantPayload.CREATED_AT, PayloadSchemaType.Integer, null);
        index(QdrantPayload.CONTENT, PayloadSchemaType.Text, PayloadIndexParams.newBuilder()
                .setTextIndexParams(TextIndexParams.newBuilder().setTokenizer(TokenizerType.Word).setLowercase(true)).build());
        this.model = model;
        this.dimension = dimension;
    }

    private void check(CollectionInfo info, String model, int dimension) {
        Map<String, Value> metadata = info.getConfig().getMetadataMap();
        long size = info.getConfig().getParams().getVectorsConfig().getParams().getSize();
        Value recordedModel = metadata.get(MODEL_KEY);
        if (recordedModel == null) {
            throw new IllegalStateException("Expected collection " + name + " on " + where + " to record its embedding model, but it has"
                    + " none: it was made by another program (or a Qdrant server that drops collection metadata); use another collection");
        }
        if (!recordedModel.getStringValue().equals(model) || size != dimension) {
            throw new IllegalStateException("Expected collection " + name + " to hold vectors of model " + model + " (" + dimension
                    + " dimensions), but it was made for model " + recordedModel.getStringValue() + " (" + size
                    + " dimensions): configure that model, or another collection");
        }
        if (info.getConfig().getParams().getVectorsConfig().getParams().getDistance() != Distance.Cosine) {
            throw new IllegalStateException("Expected collection " + name + " to compare vectors by cosine, but it uses "
                    + info.getConfig().getParams().getVectorsConfig().getParams().getDistance());
        }
    }

    private void index(String field, PayloadSchemaType type, PayloadIndexParams params) {
        // idempotent on the server: making an index that exists changes nothing
        await(client.createPayloadIndexAsync(name.value(), field, type, params, true, null, TIMEOUT), "index payload field " + field);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Stored put(Memory memory, float[] vector) {
        ensureOpen();
        StoreChecks.vector(vector, model, dimension);
        UUID id = StoreChecks.id(memory);
        String namespace = StoreChecks.namespace(memory.namespace());
        String content = StoreChecks.content(memory.content());
        String hash = StoreChecks.contentHash(memory.contentHash(), content);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant createdAt = memory.createdAt() == null ? now : memory.createdAt().truncatedTo(ChronoUnit.MILLIS);
        Instant updatedAt = memory.updatedAt() == null ? createdAt : memory.updatedAt().truncatedTo(ChronoUnit.MILLIS);
        Memory fresh = new Memory(id.toString(), namespace, content, StoreChecks.tags(memory.tags()), metadata(memory.metadata()), hash,
                createdAt, updatedAt);
        // shielded: an interrupted wait would release the lock while the upsert goes on in Qdrant, and a retry
        // could then store the same text twice
        return InterruptShield.call(() -> putLocked(fresh, vector, namespace, hash, now));
    }

    private Stored putLocked(Memory fresh, float[] vector, String namespace, String hash, Instant now) {
        synchronized (putLocks[Math.floorMod((namespace + '\n' + hash).hashCode(), putLocks.length)]) {
            List<RetrievedPoint> existing = scroll(ScrollPoints.newBuilder().setFilter(QdrantPayload.namespaceAndHash(namespace, hash))
                    .setLimit(1)).getResultList();
            if (existing.isEmpty()) {
                upsert(fresh, vector);
                return new Stored(fresh, false);
            }
            Memory old = QdrantPayload.memory(existing.getFirst().getId().getUuid(), existing.getFirst().getPayloadMap());
            Memory merged = new Memory(old.id(), namespace, old.content(), MemoryWrites.mergedTags(old.tags(), fresh.tags()),
                    MemoryWrites.mergedMetadata(old.metadata(), fresh.metadata()), hash, old.createdAt(), now);
            Map<String, Value> changes = new HashMap<>();
            changes.put(QdrantPayload.TAGS, QdrantPayload.tags(merged.tags()));
            changes.put(QdrantPayload.METADATA, value(QdrantPayload.json(merged.metadata())));
            changes.put(QdrantPayload.UPDATED_AT, value(now.toEpochMilli()));
            setPayload(UUID.fromString(old.id()), changes);
            return new Stored(merged, true);
        }
    }

    private void upsert(Memory memory, float[] vector) {
        await(client.upsertAsync(UpsertPoints.newBuilder().setCollectionName(name.value()).setWait(true)
                .addPoints(PointStruct.newBuilder().setId(id(UUID.fromString(memory.id()))).setVectors(vectors(vector))
                        .putAllPayload(QdrantPayload.of(memory)))
                .build(), TIMEOUT), "store a memory");
    }

    private void setPayload(UUID id, Map<String, Value> changes) {
        await(client.setPayloadAsync(SetPayloadPoints.newBuilder().setCollectionName(name.value()).setWait(true).putAllPayload(changes)
                .setPointsSelector(PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder().addIds(id(id)))).build(), TIMEOUT),
                "update a memory");
    }

    @Override
    public Optional<Memory> get(String namespace, String id) {
        ensureOpen();
        StoreChecks.namespace(namespace);
        UUID uuid = StoreChecks.idOrNull(id);
        if (uuid == null) {
            return Optional.empty();
        }
        List<RetrievedPoint> points = await(client.retrieveAsync(name.value(), List.of(id(uuid)), enable(true),
                WithVectorsSelectorFactory.enable(false), null, TIMEOUT),
                "read a memory");
        return points.stream().map(point -> QdrantPayload.memory(uuid.toString(), point.getPayloadMap()))
                .filter(memory -> memory.namespace().equals(namespace)).findFirst();
    }

    @Override
    public Optional<Memory> replace(String namespace, String id, String content, String contentHash, List<String> tags, ObjectNode metadata,
            float[] vector) {
        ensureOpen();
        StoreChecks.vector(vector, model, dimension);
        StoreChecks.content(content);
        Optional<Memory> existing = get(namespace, id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        String hash = StoreChecks.contentHash(contentHash, content);
        Memory old = existing.get();
        Memory replaced = new Memory(old.id(), namespace, content, StoreChecks.tags(tags), metadata(metadata), hash, old.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        synchronized (putLocks[Math.floorMod((namespace + '\n' + hash).hashCode(), putLocks.length)]) {
            boolean taken = scroll(ScrollPoints.newBuilder().setFilter(QdrantPayload.namespaceAndHash(namespace, hash)).setLimit(2))
                    .getResultList().stream().anyMatch(point -> !point.getId().getUuid().equals(old.id()));
            if (taken) {
                throw new DuplicateContent(namespace, null);
            }
            upsert(replaced, vector);
        }
        return Optional.of(replaced);
    }

    @Override
    public boolean delete(String namespace, String id) {
        if (get(namespace, id).isEmpty()) {
            return false;
        }
        deleteIds(List.of(id(UUID.fromString(id))));
        return true;
    }

    @Override
    public long delete(MemoryFilter filter) {
        ensureOpen();
        List<PointId> ids = new ArrayList<>();
        scrollAll(QdrantPayload.filter(filter).build(), List.of(), point -> ids.add(point.getId()));
        for (int from = 0; from < ids.size(); from += SCROLL_PAGE) {
            deleteIds(ids.subList(from, Math.min(ids.size(), from + SCROLL_PAGE)));
        }
        return ids.size();
    }

    private void deleteIds(List<PointId> ids) {
        await(client.deleteAsync(DeletePoints.newBuilder().setCollectionName(name.value()).setWait(true)
                .setPoints(PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder().addAllIds(ids))).build(), TIMEOUT),
                "delete memories");
    }

    @Override
    public List<Hit> nearest(MemoryFilter filter, float[] vector, int limit) {
        ensureOpen();
        StoreChecks.vector(vector, model, dimension);
        StoreChecks.limit(limit);
        SearchPoints.Builder search = SearchPoints.newBuilder().setCollectionName(name.value()).setFilter(QdrantPayload.filter(filter))
                .setLimit(limit).setWithPayload(enable(true));
        for (float value : vector) {
            search.addVector(value);
        }
        List<ScoredPoint> points = await(client.searchAsync(search.build(), TIMEOUT), "search by vector");
        return points.stream().map(point -> new Hit(QdrantPayload.memory(point.getId().getUuid(), point.getPayloadMap()), point.getScore()))
                .toList();
    }

    @Override
    public List<Hit> keyword(MemoryFilter filter, String query, int limit) {
        ensureOpen();
        StoreChecks.limit(limit);
        Set<String> words = words(query == null ? "" : query);
        if (words.isEmpty()) {
            return List.of();
        }
        Filter match = QdrantPayload.filter(filter).addMust(matchTextAny(QdrantPayload.CONTENT, String.join(" ", words))).build();
        List<Hit> hits = new ArrayList<>();
        for (RetrievedPoint point : scroll(ScrollPoints.newBuilder().setFilter(match).setLimit(KEYWORD_CANDIDATES)).getResultList()) {
            Memory memory = QdrantPayload.memory(point.getId().getUuid(), point.getPayloadMap());
            Set<String> contentWords = words(memory.content());
            long found = words.stream().filter(contentWords::contains).count();
            if (found > 0) {
                hits.add(new Hit(memory, (double) found / words.size()));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Comparator.comparing((Hit hit) -> hit.memory().createdAt())
                .thenComparing(hit -> hit.memory().id()).reversed()));
        return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
    }

    /** The distinct lowercase words of a text, split as Qdrant's word tokenizer does (on what is not a letter or digit). */
    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    @Override
    public Page list(MemoryFilter filter, String cursor, int pageSize) {
        ensureOpen();
        KeysetCursor from = KeysetCursor.decode(cursor);
        Filter.Builder base = QdrantPayload.filter(filter);
        return TiedListing.page(new TiedListing.Source() {
            @Override
            public List<Memory> newest(Long beforeMillis, int limit) {
                Filter.Builder older = beforeMillis == null ? base : QdrantPayload.before(base, beforeMillis);
                return scroll(ScrollPoints.newBuilder().setFilter(older).setLimit(limit)
                        .setOrderBy(OrderBy.newBuilder().setKey(QdrantPayload.CREATED_AT).setDirection(Direction.Desc))).getResultList()
                        .stream().map(QdrantStore::memory).toList();
            }

            @Override
            public List<Memory> at(long millis) {
                List<Memory> memories = new ArrayList<>();
                scrollAll(QdrantPayload.at(base, millis).build(), null, point -> memories.add(memory(point)));
                return memories;
            }
        }, from, pageSize);
    }

    private static Memory memory(RetrievedPoint point) {
        return QdrantPayload.memory(point.getId().getUuid(), point.getPayloadMap());
    }

    @Override
    public long count(MemoryFilter filter) {
        ensureOpen();
        return await(client.countAsync(name.value(), QdrantPayload.filter(filter).build(), true, TIMEOUT), "count memories");
    }

    @Override
    public Stats stats(String namespace) {
        ensureOpen();
        long[] totals = new long[2];
        Instant[] range = new Instant[2];
        Map<String, Long> tags = new HashMap<>();
        scrollAll(QdrantPayload.filter(MemoryFilter.namespace(StoreChecks.namespace(namespace))).build(),
                List.of(QdrantPayload.CONTENT, QdrantPayload.TAGS, QdrantPayload.CREATED_AT), point -> {
                    Map<String, Value> payload = point.getPayloadMap();
                    totals[0]++;
                    totals[1] += payload.get(QdrantPayload.CONTENT).getStringValueBytes().size();
                    Instant createdAt = Instant.ofEpochMilli(payload.get(QdrantPayload.CREATED_AT).getIntegerValue());
                    range[0] = range[0] == null || createdAt.isBefore(range[0]) ? createdAt : range[0];
                    range[1] = range[1] == null || createdAt.isAfter(range[1]) ? createdAt : range[1];
                    QdrantPayload.tagList(payload).forEach(tag -> tags.merge(tag, 1L, Long::sum));
                });
        Map<String, Long> ordered = new LinkedHashMap<>();
        tags.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return new Stats(totals[0], totals[1], range[0], range[1], Collections.unmodifiableMap(ordered));
    }

    @Override
    public String describe() {
        return "Qdrant at " + where + ", collection " + name + (model == null ? "" : ", model " + model + " (" + dimension + " dimensions)");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    private void ensureOpen() {
        if (closed || model == null) {
            throw new IllegalStateException("Expected an open store, but collection " + name + " is " + (closed ? "closed" : "not open"));
        }
    }

    private ScrollResponse scroll(ScrollPoints.Builder request) {
        return await(client.scrollAsync(request.setCollectionName(name.value()).setWithPayload(enable(true)).build(), TIMEOUT),
                "read memories");
    }

    /** Every point the filter matches, page by page; {@code fields} null for the whole payload, empty for none. */
    private void scrollAll(Filter filter, List<String> fields, Consumer<RetrievedPoint> each) {
        PointId offset = null;
        do {
            ScrollPoints.Builder request = ScrollPoints.newBuilder().setCollectionName(name.value()).setFilter(filter).setLimit(SCROLL_PAGE)
                    .setWithPayload(fields == null ? enable(true) : fields.isEmpty() ? enable(false) : include(fields));
            if (offset != null) {
                request.setOffset(offset);
            }
            ScrollResponse response = await(client.scrollAsync(request.build(), TIMEOUT), "read memories");
            response.getResultList().forEach(each);
            offset = response.hasNextPageOffset() ? response.getNextPageOffset() : null;
        } while (offset != null);
    }

    private static ObjectNode metadata(ObjectNode metadata) {
        return metadata == null ? JsonMapper.shared().createObjectNode() : metadata.deepCopy();
    }

    private <T> T await(ListenableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Expected to " + what + " in Qdrant collection " + name + ", but was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Expected to " + what + " in Qdrant collection " + name + " on " + where + ", but: "
                    + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("Expected to " + what + " in Qdrant collection " + name + " on " + where + " within "
                    + TIMEOUT.toSeconds() + " s, but it took longer", e);
        }
    }
}
