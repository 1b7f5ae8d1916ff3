package com.autobolt.worker.execute;

import com.autobolt.kafka.KafkaClientMeters;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.worker.breakers.BreakerPublisher;
import com.autobolt.worker.catalog.DirectoryCatalog;
import com.autobolt.worker.config.Backoff;
import com.autobolt.worker.config.DeadLetters;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.RestartingLoop;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.metrics.WorkerMetrics;
import com.autobolt.worker.submit.DirectorySubmitter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The executor: consumes claim events from both task topics in the executors' consumer group, runs
 * them on {@link DirectoryLanes}, and commits their result events together with the offsets that
 * cover them, one Kafka transaction per flush (every {@code flushInterval}, many tasks at a time).
 *
 * <p>A task waiting for its directory longer than {@code moveWaitingAfter} does not hold back the
 * commit of finished work behind it, nor keep a full instance from reading: the flush moves it (its
 * claim event published again to its partition, see {@link OffsetTracker}). So what a crash leaves to
 * be redone is what was in flight, not everything finished behind a slow directory. A claim event for
 * a task this instance already holds completes without running the task again.
 *
 * <p>On shutdown or when partitions are taken away, tasks not yet started are handed back (not
 * committed, so redelivered), running submissions get up to {@code drainTimeout} to finish, and
 * what finished is committed. A submission cut off by a crash is redone by the next owner with the
 * same idempotency key.
 */
public final class TaskExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);
    private static final int FLUSH_AT_RESULTS = 2000;

    private final KafkaClients clients;
    private final WorkerProperties properties;
    private final WorkerProperties.Executor settings;
    private final CancelledJobs cancelledJobs;
    private final OffsetTracker tracker;
    private final Queue<Claim> claims = new ConcurrentLinkedQueue<>();
    private final DirectoryLanes lanes;
    private final PriorityGate gate;
    private final WorkerMetrics metrics;
    private final BreakerPublisher breakerStates;
    private volatile RestartingLoop loop; // a new one per start()
    /** A poll while tasks are held: short, so that their results are flushed on time. */
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    /**
     * A poll while nothing is held: nothing to flush, and a task that comes ends the poll at once. One second
     * rather than 100 ms: the idle loop was a worker's busiest thread but the JIT's (issue 16, local-stack
     * README, "Idle fetches"); a stop waits for the poll to end.
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    /**
     * When the poll loop last heard from the group (a poll returned): a poll that has not returned for the session
     * timeout means the group may have given this worker's partitions away, so its lanes start nothing until it
     * polls again.
     */
    private volatile long lastPollNanos = System.nanoTime();

    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread thread;

    public TaskExecutor(
            KafkaClients clients,
            WorkerProperties properties,
            DirectorySubmitter submitter,
            DirectoryCatalog catalog,
            Clock clock,
            WorkerMetrics metrics,
            RecordTracing tracing) {
        this.clients = clients;
        this.metrics = metrics;
        this.properties = properties;
        this.settings = properties.executor();
        this.tracker = new OffsetTracker(settings.moveWaitingAfter());
        this.cancelledJobs =
                new CancelledJobs(clients, properties.topics().jobs(), settings.cancelledJobsRetention(), clock);
        this.breakerStates = new BreakerPublisher(
                clients::producer,
                properties.breakers().topic(),
                properties.workerId(),
                properties.breakers().republishInterval(),
                clock);
        TaskRunner runner = new TaskRunner(
                submitter,
                catalog::find,
                cancelledJobs,
                tracker,
                claims,
                properties.topics().results(),
                properties.workerId(),
                settings.maxTries(),
                new Backoff(settings.backoffBase(), settings.backoffMax()),
                settings.breakerFailureThreshold(),
                settings.breakerCoolDown(),
                clock,
                metrics,
                tracing,
                breakerStates);
        long sessionTimeoutNanos = properties.kafka().sessionTimeout().toNanos();
        this.lanes = new DirectoryLanes(
                runner,
                settings.threads(),
                settings.maxInFlight(),
                metrics,
                () -> System.nanoTime() - lastPollNanos < sessionTimeoutNanos);
        this.gate = new PriorityGate(properties.topics().priorityTasks(), settings.lowPriorityShare());
    }

    @Override
    public void start() {
        loop = new RestartingLoop("executor");
        cancelledJobs.start();
        breakerStates.start();
        thread = new Thread(this::run, "executor-poll");
        thread.start();
    }

    @Override
    public void stop() {
        loop.stop();
        try {
            thread.join(settings.drainTimeout().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.close();
        cancelledJobs.close();
        breakerStates.close();
    }

    @Override
    public boolean isRunning() {
        RestartingLoop current = loop;
        return current != null && current.running();
    }

    /** Stop after the dispatcher (which is started later), before the Kafka clients go. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** Sessions until stopped; after a failure, unfinished tasks are redelivered to the next session's owner. */
    private void run() {
        loop.run(this::runSession, e -> {
            if (e instanceof ProducerFencedException) {
                // Worker ids must be unique among running instances: two sharing one fence each other in turn.
                log.error(
                        "executor transaction fenced: another instance started with worker id {}, or a flush"
                                + " outlived the transaction timeout",
                        properties.workerId());
            }
        });
    }

    private void runSession() {
        // Stable per instance and group: a restarted instance (same worker id) fences its predecessor and
        // aborts the transaction it left open at once, instead of after the transaction timeout.
        String transactionalId = settings.groupId() + "/" + properties.workerId();
        try (KafkaConsumer<String, byte[]> tasks =
                        clients.staticGroupConsumer(settings.groupId(), properties.workerId() + "-executor", 500);
                KafkaProducer<String, byte[]> results = clients.transactionalProducer(transactionalId);
                KafkaClientMeters clientMeters = metrics.bindConsumer(tasks, settings.groupId())) {
            consumer = tasks;
            producer = results;
            results.initTransactions();
            lastPollNanos = System.nanoTime();
            tasks.subscribe(
                    List.of(
                            properties.topics().priorityTasks(),
                            properties.topics().tasks()),
                    new HandBack());
            long lastFlush = System.nanoTime();
            try {
                while (loop.running()) {
                    gate.beforePoll(tasks, fullPartitions(tasks.assignment()));
                    ConsumerRecords<String, byte[]> records = tasks.poll(tracker.size() > 0 ? BUSY_POLL : IDLE_POLL);
                    lastPollNanos = System.nanoTime();
                    gate.afterPoll(records);
                    records.forEach(this::accept);
                    if (System.nanoTime() - lastFlush
                            >= settings.flushInterval().toNanos()) {
                        flush();
                        lastFlush = System.nanoTime();
                        loop.succeeded();
                    }
                }
                handBack(tasks.assignment());
                tracker.forget(tasks.assignment());
                consumer = null;
                // A stop: the partitions go to the other instances now, not after the session timeout.
                tasks.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } finally {
                if (consumer != null) {
                    // The session failed: forget what it held (read again from the committed offsets by the
                    // next session, which as the same static member gets the same partitions back).
                    tracker.forget(tasks.assignment());
                    consumer = null;
                }
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        DirectoryTaskDispatched event;
        try {
            if (record.value() == null) {
                throw new InvalidEventException("claim event without a value", null);
            }
            event = EventJson.read(record.value(), DirectoryTaskDispatched.class);
        } catch (InvalidEventException e) {
            log.warn("dead-lettering unreadable claim event {}@{}: {}", partition, record.offset(), e.getMessage());
            tracker.addFinished(partition, record.offset(), DeadLetters.of(record, e.getMessage()));
            metrics.deadLettered(record.topic(), DeadLetters.INVALID_EVENT);
            return;
        }
        Task task = new Task(event, record);
        if (tracker.add(task)) {
            lanes.enqueue(task);
        } else {
            // A reconciler may publish a claim again for a task it thinks stuck; this instance is on it.
            log.info(
                    "task {} is already held here; its repeated claim event {}@{} completes without running",
                    event.taskId(),
                    partition,
                    record.offset());
        }
    }

    /**
     * The partitions not to read from now: none while the instance holds fewer than {@code maxInFlight}
     * tasks; once it holds that many, those holding at least their share of it ({@code maxInFlight}
     * divided by the partitions assigned). A partition held up by a waiting directory thus stops only
     * itself, and the others are read on (so the instance holds at most about twice {@code maxInFlight}).
     */
    private Set<TopicPartition> fullPartitions(Set<TopicPartition> assigned) {
        if (tracker.size() < settings.maxInFlight()) {
            return Set.of();
        }
        return tracker.holdingAtLeast(Math.max(1, settings.maxInFlight() / Math.max(1, assigned.size())));
    }

    /**
     * Commits, in one transaction, the claims made so far and every result whose offset can be committed; a
     * claim whose task's result is among those is left out ({@link Claim}).
     */
    private void flush() {
        KafkaConsumer<String, byte[]> current = consumer;
        OffsetTracker.Committable committable = tracker.drainCommittable(
                System.nanoTime(), fullPartitions(current == null ? Set.of() : current.assignment()));
        Set<String> ending = committable.finished().isEmpty() ? Set.of() : new HashSet<>(committable.finished());
        List<ProducerRecord<String, byte[]>> claimed = new ArrayList<>();
        for (Claim claim = claims.poll(); claim != null; claim = claims.poll()) {
            if (!ending.contains(claim.taskId())) {
                claimed.add(claim.event().get());
            }
        }
        if (committable.isEmpty() && claimed.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        claimed.forEach(producer::send);
        committable.outputs().forEach(producer::send);
        if (!committable.offsets().isEmpty()) {
            producer.sendOffsetsToTransaction(committable.offsets(), consumer.groupMetadata());
        }
        producer.commitTransaction();
        tracker.confirm(committable.finished());
        lanes.removeMoved(committable.moved());
        if (!committable.moved().isEmpty()) {
            log.debug(
                    "moved {} waiting tasks to the end of their partitions",
                    committable.moved().size());
        }
    }

    /** Hands back what has not started, lets running submissions finish, commits what finished. */
    private void handBack(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        tracker.abandon(partitions);
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (tracker.anyRunning(partitions) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        flush();
        tracker.forget(partitions);
    }

    private final class HandBack implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handBack(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("executor assigned {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
        }
    }
}
