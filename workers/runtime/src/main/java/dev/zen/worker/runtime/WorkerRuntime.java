package dev.zen.worker.runtime;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordDecodingException;
import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.WorkerRef;
import dev.zen.topics.AssignedTopicReader;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import dev.zen.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs one worker instance of a service: a member of the service's consumer group reading the
 * per-tool command topics, executing each command on a virtual thread (at most
 * {@code maxConcurrency} at once), producing the reply and only then committing the command's offset.
 * Announces itself on the registry, heartbeats, and writes a tombstone on {@link #stop()}.
 *
 * <p>A clean stop stops fetching, lets in-flight calls finish (up to the shutdown grace), commits and
 * leaves the group, so that the rest of the group takes over the partitions at once and no command is
 * lost. Start and stop from one thread; the instance is not reusable after stop.
 */
public final class WorkerRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

    private final ServiceDefinition service;
    private final WorkerSettings settings;
    private final TopicCatalogue topics;
    private final RecordCodec codec = RecordCodec.shared();
    private final RecordValidator validator = new RecordValidator(codec);
    private final Map<String, String> topicToTool = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Finished> unanswered = new ConcurrentLinkedQueue<>();
    private final OffsetTracker offsets = new OffsetTracker();
    private final AnswerRouter answers = new AnswerRouter();
    private final String serviceTopic;
    private final Semaphore permits;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch assignedOnce = new CountDownLatch(1);

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private ExecutorService handlers;
    private ScheduledExecutorService heartbeats;
    private CommandExecutor executor;
    private AccessGrantsView grants;
    private ServiceRequestExecutor requests;
    private Thread answerThread;
    private KafkaConsumer<String, byte[]> answerConsumer;
    private ReplyPublisher replies;
    private AuditPublisher audit;
    private RegistryPublisher registry;
    private CallLedger ledger;
    private CallLedgerPublisher ledgerWriter;
    private CallLedgerReader ledgerReader;
    private Thread pollThread;
    private volatile boolean running;
    private long lastCommit = System.nanoTime();

    /**
     * How often the poll loop commits finished calls: a commit is a record on {@code __consumer_offsets},
     * so one per call would add a broker write to every call. Stop and rebalance commit at once.
     */
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private record Finished(TopicPartition partition, long offset) {
    }

    public WorkerRuntime(ServiceDefinition service, WorkerSettings settings) {
        this.service = service;
        this.settings = settings;
        this.topics = TopicCatalogue.withPrefix(settings.topicPrefix());
        this.permits = new Semaphore(settings.maxConcurrency());
        service.tools().forEach(t -> topicToTool.put(topics.tool(t.name()), t.name()));
        this.serviceTopic = service.servesRequests() ? topics.service(service.service()) : null;
    }

    /**
     * The body of a worker process's {@code main}: starts the service and blocks until the JVM is told
     * to stop (SIGTERM, Ctrl-C), then stops cleanly. Returns the started runtime to {@code onStarted}.
     */
    public static void serve(ServiceDefinition service, WorkerSettings settings, java.util.function.Consumer<WorkerRuntime> onStarted)
            throws InterruptedException {
        WorkerRuntime runtime = new WorkerRuntime(service, settings);
        CountDownLatch stoppedCleanly = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stop();
            stoppedCleanly.countDown();
        }, "zen-worker-stop"));
        runtime.start();
        onStarted.accept(runtime);
        stoppedCleanly.await();
    }

    /** Provisions topics, joins the group, announces the instance. Returns once the poll loop runs. */
    public WorkerRuntime start() {
        provisionTopics();
        WorkerRef self = new WorkerRef(service.service(), settings.instanceId(), service.version());
        Map<String, ToolDefinition> byName = new LinkedHashMap<>();
        service.tools().forEach(t -> byName.put(t.name(), t));
        grants = new AccessGrantsView(settings.bootstrapServers(), topics.access(), "zen-worker-access-" + settings.instanceId());
        try {
            if (!grants.awaitCaughtUp(Duration.ofSeconds(30))) {
                LOG.warn("The access policy on {} was not read within 30 s; commands are checked once it is", topics.access());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = new CommandExecutor(byName, self, settings.maxAttempts(), settings.retryBackoff(), grants::current);
        requests = new ServiceRequestExecutor(service, self, grants::current);
        producer = new KafkaProducer<>(KafkaClients.producer(settings));
        replies = new ReplyPublisher(producer, topics, codec);
        audit = new AuditPublisher(producer, topics.audit(), codec, self, System.getenv());
        ledger = new CallLedger(topics.ledgerSpec(service.service()).partitions());
        ledgerWriter = new CallLedgerPublisher(producer, topics.ledger(service.service()), ledger, codec);
        Map<String, Object> ledgerConsumer = KafkaClientDefaults.assignedConsumer(settings.bootstrapServers(),
                "zen-worker-ledger-" + settings.instanceId());
        // a position the ledger's retention already removed: read what is left
        ledgerConsumer.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ledgerReader = new CallLedgerReader(new KafkaConsumer<>(ledgerConsumer), topics.ledger(service.service()), ledger, codec,
                Duration.ofSeconds(60));
        answerConsumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(settings.bootstrapServers(),
                "zen-worker-answers-" + settings.instanceId()));
        CountDownLatch answersReady = new CountDownLatch(1);
        // the answer reader loops while running: it must be true before that thread first looks
        running = true;
        AssignedTopicReader answerReader = new AssignedTopicReader(answerConsumer, topics.answers(), false);
        answerThread = Thread.ofPlatform().daemon().name("zen-" + service.service() + "-answers").start(() ->
                answerReader.run(() -> running, this::answer, c -> answersReady.countDown(), c -> { }));
        consumer = new KafkaConsumer<>(KafkaClients.consumer(settings, groupId()));
        handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("zen-" + service.service() + "-call-", 0).factory());
        pollThread = Thread.ofPlatform().name("zen-" + service.service() + "-poll").start(this::pollLoop);

        long now = System.currentTimeMillis();
        List<ToolDescriptor> descriptors = service.tools().stream().map(ToolDefinition::descriptor).toList();
        registry = new RegistryPublisher(producer, topics.registry(), codec, new ServiceAnnouncement(null, service.service(),
                settings.instanceId(), service.version(), settings.host(), descriptors,
                service.resources().stream().map(ResourceDefinition::descriptor).toList(),
                service.resourceTemplates().stream().map(ResourceTemplateDefinition::descriptor).toList(),
                service.prompts().stream().map(PromptDefinition::descriptor).toList(), now, now,
                settings.heartbeatInterval().toMillis(),
                settings.supervision().restarts() == 0 ? null : settings.supervision().restarts(), settings.supervision().lastExit(),
                service.warnings()));
        try {
            // a cancel or answer sent right after the first command must not be missed
            answersReady.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            registry.announce();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Expected to announce " + service.service() + " on " + topics.registry() + ", but " + e.getMessage(), e);
        }
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("zen-heartbeat").factory());
        long interval = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(registry::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Worker {}/{} serves {} (group {})", service.service(), settings.instanceId(), byName.keySet(), groupId());
        return this;
    }

    /** Waits until this member was first assigned partitions. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assignedOnce.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String groupId() {
        return topics.prefix() + "worker." + service.service();
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** Stops cleanly: no new commands, in-flight ones finish and are committed, the group is left, a tombstone written. */
    public void stop() {
        if (!running && pollThread == null) {
            return;
        }
        running = false;
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            if (pollThread != null && !stopped.await(settings.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Worker {} did not stop within its grace period", settings.instanceId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (registry != null) {
            registry.tombstone();
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
        if (executor != null) {
            executor.close();
        }
        if (answerConsumer != null) {
            answerConsumer.wakeup();
        }
        if (grants != null) {
            grants.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        pollThread = null;
        LOG.info("Worker {}/{} stopped", service.service(), settings.instanceId());
    }

    @Override
    public void close() {
        stop();
    }

    private void provisionTopics() {
        List<TopicSpec> specs = new ArrayList<>(topics.fixedTopics());
        specs.addAll(topics.toolTopics(service.tools().stream().map(ToolDefinition::name).toList()));
        specs.add(topics.ledgerSpec(service.service()));
        if (serviceTopic != null) {
            specs.add(topics.serviceSpec(service.service()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(specs);
        }
    }

    private void pollLoop() {
        try {
            List<String> subscribed = new ArrayList<>(topicToTool.keySet());
            if (serviceTopic != null) {
                subscribed.add(serviceTopic);
            }
            consumer.subscribe(subscribed, new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(50));
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    dispatch(record);
                }
                try {
                    if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                        lastCommit = System.nanoTime();
                        commitFinished(false);
                    }
                } catch (org.apache.kafka.common.errors.RetriableException e) {
                    LOG.warn("Commit failed and will be retried with the next one: {}", e.getMessage());
                }
            }
            drain(settings.shutdownGrace());
            commitOnStop();
        } catch (Exception | Error e) {
            LOG.error("Worker {} poll loop failed: {}", settings.instanceId(), e.toString(), e);
        } finally {
            if (running) {
                // the loop died on its own: stop heartbeating so gateways stop routing to this instance
                running = false;
                if (heartbeats != null) {
                    heartbeats.shutdownNow();
                }
                if (registry != null) {
                    registry.tombstone();
                }
            }
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (Exception e) {
                LOG.warn("Closing the consumer failed: {}", e.toString());
            }
            try {
                ledgerReader.close();
            } catch (Exception e) {
                LOG.warn("Closing the call ledger reader failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** The last commit; a wakeup sent by {@link #stop()} while the loop was outside poll must not lose it. */
    private void commitOnStop() {
        try {
            commitFinished(true);
        } catch (WakeupException e) {
            commitFinished(true);
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long receivedAt = System.currentTimeMillis();
        offsets.started(partition, record.offset());
        if (topicToTool.containsKey(record.topic())) {
            ledger.taken(partition, record.offset());
        }
        acquirePermit();
        Finished done = new Finished(partition, record.offset());
        handlers.execute(() -> {
            try {
                handle(record, receivedAt, error -> {
                    // runs when the broker acknowledged the reply (or refused it); only then may the offset be committed
                    permits.release();
                    if (error == null) {
                        finished.add(done);
                    } else {
                        LOG.error("Expected to reply to {}@{}/{}, but {}; the command will be read again",
                                record.key(), record.topic(), record.offset(), error.toString());
                        unanswered.add(done);
                    }
                });
            } catch (InterruptedException e) {
                // e.g. a deadline alarm that fired while a dead letter was being written: read the command again
                unanswered.add(done);
                permits.release();
            } catch (Exception | Error e) {
                // the reply could not be produced: the command is read again
                LOG.error("Expected to reply to {}@{}/{}, but {}", record.key(), record.topic(), record.offset(), e.toString());
                unanswered.add(done);
                permits.release();
            }
        });
    }

    /**
     * Decodes and runs one command, then hands its reply to the producer without waiting: the
     * producer batches the replies of concurrent calls, and {@code acknowledged} is called from its
     * I/O thread once the broker has the reply.
     */
    private void handle(ConsumerRecord<String, byte[]> record, long receivedAt, java.util.function.Consumer<Exception> acknowledged)
            throws Exception {
        if (record.topic().equals(serviceTopic)) {
            handleRequest(record, acknowledged);
            return;
        }
        String tool = topicToTool.get(record.topic());
        ToolCommand command;
        try {
            if (record.value() == null) {
                throw new RecordDecodingException("Expected a ToolCommand record, but the record has no value", null);
            }
            // parse once: the same tree is validated against the (cached, compiled) schema and bound to the record
            JsonNode tree = codec.tree(record.value());
            command = codec.convert(tree, ToolCommand.class);
            var problems = validator.validateRecord(tree);
            if (!problems.isEmpty()) {
                throw new RecordDecodingException("Expected a valid tool command, but " + problems, null);
            }
        } catch (RecordDecodingException e) {
            LOG.warn("Unreadable command at {}/{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            replies.deadLetter(record, tool, e, 1);
            acknowledged.accept(null);
            return;
        }
        ToolReply again = executor.answerAgain(command, ledger.lookup(command.callId()), receivedAt);
        if (again != null) {
            LOG.info("Call {} of {} came again ({}@{}/{}) and is answered without running: {}", command.callId(), command.tool(),
                    record.topic(), record.partition(), record.offset(), again.outcome().wire());
            reply(record, command, again, acknowledged);
            return;
        }
        if (executor.needsStartedMark(command)) {
            // acknowledged before the handler runs: whoever gets this command next knows it may have been applied
            ledgerWriter.write(CallLedgerEntry.started(command, record.topic(), record.partition(), record.offset(), self(),
                    System.currentTimeMillis())).get();
        }
        ToolCommand decoded = command;
        RelayChannel channel = new RelayChannel(command, service.service(), sink(event -> replies.event(decoded, event)));
        CommandExecutor.Execution execution;
        if (!answers.register(channel)) {
            long now = System.currentTimeMillis();
            execution = new CommandExecutor.Execution(executor.cancelled(command, new dev.zen.schemas.Timings(
                    Math.max(0, receivedAt - command.createdAt()), 0), now), null, 0);
        } else {
            try {
                if (command.mode() == dev.zen.schemas.CallMode.ASYNC || executor.needsStartedMark(command)) {
                    // a sync call of an idempotent tool is audited by the gateway's one event (accepted, started and ended times)
                    audit.started(command);
                }
                execution = executor.execute(command, receivedAt, channel);
            } finally {
                answers.unregister(channel);
            }
        }
        if (execution.deadLettered()) {
            replies.deadLetter(record, tool, execution.crash(), execution.attempts());
        }
        reply(record, command, execution.reply(), acknowledged);
    }

    /**
     * Sends the reply and, for a tool that is not idempotent, its ledger entry at once; {@code acknowledged}
     * runs when the broker has both (with the first error, if any), because only then may the command's
     * offset be committed. An idempotent tool's command that comes again simply runs again (docs/jobs.md, delivery rules).
     */
    private void reply(ConsumerRecord<String, byte[]> record, ToolCommand command, ToolReply reply,
            java.util.function.Consumer<Exception> acknowledged) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        replies.publish(command, reply, error -> {
            if (error == null) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(error);
            }
        });
        if (!executor.needsStartedMark(command)) {
            // an idempotent tool may simply run again when its command comes again: no ledger mark
            sent.whenComplete((ignored, error) -> acknowledged.accept(error == null ? null : unwrap((Exception) error)));
            return;
        }
        CompletableFuture<Void> noted = ledgerWriter.write(CallLedgerEntry.replied(command, record.topic(), record.partition(),
                record.offset(), self(), reply, System.currentTimeMillis()));
        CompletableFuture.allOf(sent, noted).whenComplete((ignored, error) ->
                acknowledged.accept(error == null ? null : error instanceof Exception e ? unwrap(e) : new IllegalStateException(error)));
    }

    private static Exception unwrap(Exception error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() instanceof Exception cause ? cause : error;
    }

    private WorkerRef self() {
        return new WorkerRef(service.service(), settings.instanceId(), service.version());
    }

    /** Answers a service request (resources, prompts, completion); an unreadable one goes to the log, not to a DLT of its own. */
    private void handleRequest(ConsumerRecord<String, byte[]> record, java.util.function.Consumer<Exception> acknowledged) {
        ServiceRequest request;
        try {
            if (record.value() == null) {
                throw new RecordDecodingException("Expected a ServiceRequest record, but the record has no value", null);
            }
            JsonNode tree = codec.tree(record.value());
            var problems = validator.validateRecord(tree);
            if (!problems.isEmpty()) {
                throw new RecordDecodingException("Expected a valid service request, but " + problems, null);
            }
            request = codec.convert(tree, ServiceRequest.class);
        } catch (RecordDecodingException e) {
            LOG.warn("Unreadable service request at {}/{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            acknowledged.accept(null);
            return;
        }
        ServiceRequest decoded = request;
        RelayChannel channel = new RelayChannel(request, service.service(), sink(event -> replies.event(decoded, event)));
        ServiceResponse response;
        if (!answers.register(channel)) {
            response = ServiceResponse.ofError(request, new dev.zen.schemas.RpcError(dev.zen.schemas.RpcError.REQUEST_CANCELLED,
                    "Request cancelled", null), new WorkerRef(service.service(), settings.instanceId(), service.version()),
                    System.currentTimeMillis());
        } else {
            try {
                response = requests.execute(request, channel);
            } finally {
                answers.unregister(channel);
            }
        }
        replies.respond(request, response, acknowledged);
    }


    /** Where a running handler's events go: {@code events} for the call's own, the events topic for notices. */
    private CallEventSink sink(java.util.function.Consumer<dev.zen.schemas.CallEvent> events) {
        return new CallEventSink() {
            @Override
            public void event(dev.zen.schemas.CallEvent event) {
                events.accept(event);
            }

            @Override
            public void notice(dev.zen.schemas.ServerNotice notice) {
                replies.notice(notice);
            }
        };
    }

    private void answer(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            answers.accept(codec.decode(record.value(), ClientAnswer.class));
        } catch (RuntimeException e) {
            LOG.warn("Unreadable client answer at {}/{}@{} skipped: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void acquirePermit() {
        while (running) {
            try {
                if (permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
                commitFinished(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // stopping (or interrupted): still take a permit, because the dispatched task releases one
        permits.acquireUninterruptibly();
    }

    /**
     * Moves completions from the handler threads into the tracker: finished calls become committable;
     * a call whose reply could not be written rewinds its partition to it, so it is read again.
     */
    private void absorbCompletions() {
        Finished done;
        while ((done = finished.poll()) != null) {
            offsets.finished(done.partition(), done.offset());
        }
        Map<TopicPartition, Long> rewindTo = new java.util.HashMap<>();
        while ((done = unanswered.poll()) != null) {
            rewindTo.merge(done.partition(), done.offset(), Math::min);
        }
        rewindTo.forEach((partition, offset) -> {
            offsets.rewind(partition, offset);
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private void commitFinished(boolean sync) {
        absorbCompletions();
        Map<TopicPartition, OffsetAndMetadata> commit = withLedgerPositions(offsets.committable());
        if (commit.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(commit);
            offsets.markCommitted(commit);
        } else {
            consumer.commitAsync(commit, (committed, error) -> {
                if (error == null) {
                    offsets.markCommitted(committed);
                }
            });
        }
    }

    /** Adds to each tool topic partition's commit where its successor starts reading the call ledger. */
    private Map<TopicPartition, OffsetAndMetadata> withLedgerPositions(Map<TopicPartition, OffsetAndMetadata> commit) {
        Map<TopicPartition, OffsetAndMetadata> result = new java.util.HashMap<>(commit.size());
        commit.forEach((partition, position) -> result.put(partition, topicToTool.containsKey(partition.topic())
                ? new OffsetAndMetadata(position.offset(), ledger.commitMetadata(partition, position.offset()))
                : position));
        return result;
    }

    /** Waits until nothing is in flight (or the grace has passed), committing as calls finish. */
    private void drain(Duration grace) {
        long until = System.currentTimeMillis() + grace.toMillis();
        while (System.currentTimeMillis() < until) {
            commitFinished(false);
            if (offsets.inFlightTotal() == 0) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drainPartitions(Collection<TopicPartition> partitions) {
        long until = System.currentTimeMillis() + settings.shutdownGrace().toMillis();
        while (System.currentTimeMillis() < until && partitions.stream().anyMatch(p -> offsets.inFlight(p) > 0)) {
            absorbCompletions();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // finish and commit what this member started on these partitions before another member takes them
            try {
                drainPartitions(partitions);
                commitFinished(true);
            } finally {
                partitions.forEach(offsets::forget);
                partitions.forEach(ledger::forget);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // before any of their commands is taken: which of them did a predecessor start or answer?
            Set<TopicPartition> commands = partitions.stream().filter(p -> topicToTool.containsKey(p.topic()))
                    .collect(java.util.stream.Collectors.toSet());
            if (!commands.isEmpty()) {
                ledgerReader.catchUp(commands, consumer.committed(commands), consumer.endOffsets(commands));
            }
            // cooperative rebalancing hands a joining member its partitions in a second round
            if (!partitions.isEmpty()) {
                assignedOnce.countDown();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(offsets::forget);
            partitions.forEach(ledger::forget);
        }
    }
}
