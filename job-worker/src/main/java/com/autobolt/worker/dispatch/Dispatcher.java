package com.autobolt.worker.dispatch;

import com.autobolt.kafka.KafkaClientMeters;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import com.autobolt.worker.catalog.DirectoryCatalog;
import com.autobolt.worker.config.DeadLetters;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.RestartingLoop;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.metrics.WorkerMetrics;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

/**
 * Consumes the jobs change stream and, when a job enters {@code pending}, emits its claim events
 * and {@code pending} results. Consume, produce, the dispatch-log mark and the offset commit are one
 * Kafka transaction: after a crash either all of a dispatch is visible or none of it is, and the
 * change is consumed again.
 */
public final class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration LOG_WAIT = Duration.ofSeconds(60);
    /**
     * How long the offsets past changes that dispatch nothing (nearly all of them: every progress update of a
     * job is a change) may stay uncommitted. Committing them at once took a Kafka transaction per poll in
     * each worker, one per few progress updates, and transactions were the largest share of Kafka's CPU
     * in the end-to-end benchmark (benchmarks/README.md). Read again after a crash or a rebalance, such a
     * change dispatches nothing again; a change that dispatches is committed with its outputs, at once.
     * Measured only with the others of that profile: transactions fell from about 30 % to a quarter of
     * Kafka's samples, the stack's CPU 9.5 → 8.9 ms a submission (at a lower load; within its noise).
     */
    private static final Duration IDLE_OFFSETS_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** While offsets wait for {@link #IDLE_OFFSETS_COMMIT_INTERVAL}: the loop must come round to commit them. */
    private static final Duration BUSY_POLL = Duration.ofMillis(200);
    /**
     * With nothing to commit a poll waits longer: records end it at once, so this only says how often an idle
     * dispatcher's loop turns (five times a second at 200 ms, issue 16).
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    // The log context of a job's dispatch; the same names as the executor's (TaskLogContext).
    private static final String JOB_ID = "jobId";
    private static final String ATTEMPT = "attempt";
    private static final String WORKER_ID = "workerId";

    private final KafkaClients clients;
    private final WorkerProperties properties;
    private final DirectoryCatalog catalog;
    private final DispatchLog dispatchLog;
    private final DispatchPlanner planner;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final RecordTracing tracing;
    private volatile RestartingLoop loop; // a new one per start()
    private volatile KafkaConsumer<String, byte[]> consumer;
    // Offsets past changes that dispatched nothing, not yet committed; the dispatcher thread's only.
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private Thread thread;

    public Dispatcher(
            KafkaClients clients,
            WorkerProperties properties,
            DirectoryCatalog catalog,
            Clock clock,
            WorkerMetrics metrics,
            RecordTracing tracing) {
        this.clients = clients;
        this.metrics = metrics;
        this.tracing = tracing;
        this.properties = properties;
        this.catalog = catalog;
        this.dispatchLog = new DispatchLog(clients, properties.topics().dispatchLog());
        this.planner = new DispatchPlanner(properties.topics(), catalog::find);
        this.clock = clock;
    }

    @Override
    public void start() {
        loop = new RestartingLoop("dispatcher");
        dispatchLog.start();
        thread = new Thread(this::run, "dispatcher");
        thread.start();
    }

    @Override
    public void stop() {
        loop.stop();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatchLog.close();
    }

    @Override
    public boolean isRunning() {
        RestartingLoop current = loop;
        return current != null && current.running();
    }

    /** Sessions until stopped; a failed one starts again from the last committed offsets. */
    private void run() {
        loop.run(this::runSession, e -> {});
    }

    /** One consumer and producer pair; any failure ends it, and uncommitted work is consumed again. */
    private void runSession() {
        // Stable per instance and group: a restarted instance fences its predecessor and aborts its open
        // transaction at once (see TaskExecutor).
        String transactionalId = properties.dispatcher().groupId() + "/" + properties.workerId();
        try (KafkaConsumer<String, byte[]> jobs = clients.groupConsumer(
                        properties.dispatcher().groupId(), properties.workerId() + "-dispatcher", 200);
                KafkaProducer<String, byte[]> producer = clients.transactionalProducer(transactionalId);
                KafkaClientMeters clientMeters =
                        metrics.bindConsumer(jobs, properties.dispatcher().groupId())) {
            consumer = jobs;
            producer.initTransactions();
            uncommitted.clear();
            jobs.subscribe(List.of(properties.topics().jobs()), new CatchUpBeforeTakingOver());
            long lastCommit = System.nanoTime();
            while (loop.running()) {
                ConsumerRecords<String, byte[]> records = jobs.poll(uncommitted.isEmpty() ? IDLE_POLL : BUSY_POLL);
                if (!records.isEmpty() && dispatch(records, jobs, producer)) {
                    lastCommit = System.nanoTime();
                }
                if (!uncommitted.isEmpty()
                        && System.nanoTime() - lastCommit >= IDLE_OFFSETS_COMMIT_INTERVAL.toNanos()) {
                    commit(List.of(), jobs, producer);
                    lastCommit = System.nanoTime();
                }
                loop.succeeded();
            }
        }
    }

    /** One transaction: the outputs and every offset consumed so far. */
    private void commit(
            List<ProducerRecord<String, byte[]>> outputs,
            KafkaConsumer<String, byte[]> jobs,
            KafkaProducer<String, byte[]> producer) {
        producer.beginTransaction();
        outputs.forEach(producer::send);
        producer.sendOffsetsToTransaction(uncommitted, jobs.groupMetadata());
        producer.commitTransaction();
        uncommitted.clear();
    }

    /**
     * Dispatches what the records ask for, in transactions of about {@code max-outputs-per-transaction}
     * outputs at most (a job's outputs are never split: the cut is between records), each with the offsets
     * of the records it covers.
     *
     * @return whether offsets were committed (something was dispatched)
     */
    private boolean dispatch(
            ConsumerRecords<String, byte[]> records,
            KafkaConsumer<String, byte[]> jobs,
            KafkaProducer<String, byte[]> producer) {
        List<JobState> dispatched = new ArrayList<>();
        boolean committed = false;
        try {
            // Planned before the transaction starts: planning may wait for the catalog (catalog-wait), far
            // longer than the short transaction timeout allows a transaction to stay open.
            List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                outputs.addAll(handle(record, dispatched));
                uncommitted.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                if (outputs.size() >= properties.dispatcher().maxOutputsPerTransaction()) {
                    commitDispatched(outputs, dispatched, jobs, producer);
                    committed = true;
                }
            }
            if (!outputs.isEmpty()) {
                commitDispatched(outputs, dispatched, jobs, producer);
                committed = true;
            }
        } catch (RuntimeException e) {
            dispatched.forEach(job -> dispatchLog.forget(job.id(), job.attempt()));
            throw e;
        }
        return committed;
    }

    private void commitDispatched(
            List<ProducerRecord<String, byte[]>> outputs,
            List<JobState> dispatched,
            KafkaConsumer<String, byte[]> jobs,
            KafkaProducer<String, byte[]> producer) {
        commit(outputs, jobs, producer);
        dispatched.forEach(job -> log.info(
                "dispatched job {} attempt {}: {} directories",
                job.id(),
                job.attempt(),
                job.dispatchDirectoryIds().size()));
        dispatched.clear();
        outputs.clear();
    }

    private List<ProducerRecord<String, byte[]>> handle(
            ConsumerRecord<String, byte[]> record, List<JobState> dispatched) {
        JobChanged change;
        try {
            if (record.value() == null) {
                return List.of();
            }
            change = EventJson.read(record.value(), JobChanged.class);
        } catch (InvalidEventException e) {
            log.warn(
                    "dead-lettering unreadable job change {}@{}: {}",
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            metrics.deadLettered(record.topic(), DeadLetters.INVALID_EVENT);
            return List.of(DeadLetters.of(record, e.getMessage()));
        }
        if (!DispatchPlanner.entersPending(change)) {
            return List.of();
        }
        JobState job = change.after();
        MDC.put(JOB_ID, job.id().toString());
        MDC.put(ATTEMPT, String.valueOf(job.attempt()));
        MDC.put(WORKER_ID, properties.workerId());
        try {
            return dispatch(record, job, dispatched);
        } finally {
            MDC.remove(JOB_ID);
            MDC.remove(ATTEMPT);
            MDC.remove(WORKER_ID);
        }
    }

    private List<ProducerRecord<String, byte[]>> dispatch(
            ConsumerRecord<String, byte[]> record, JobState job, List<JobState> dispatched) {
        if (dispatchLog.contains(job.id(), job.attempt())) {
            log.info("job {} attempt {} was dispatched before; ignoring the repeated change", job.id(), job.attempt());
            return List.of();
        }
        // The job's trace (from its creation, carried by the change) continues through its claim events and
        // pending results: each carries this span as its parent.
        Span span = tracing.startSpan("autobolt.dispatch", record.headers())
                .tag("autobolt.attempt", job.attempt())
                .tag("autobolt.directories", job.dispatchDirectoryIds().size());
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            if (!planner.unknownDirectories(job).isEmpty()) {
                catalog.awaitCaughtUp(properties.dispatcher().catalogWait());
            }
            List<ProducerRecord<String, byte[]>> out = new ArrayList<>(planner.plan(job, clock.instant()));
            out.forEach(planned -> tracing.inject(span, planned.headers()));
            out.add(dispatchLog.mark(
                    job.id(), job.attempt(), job.dispatchDirectoryIds().size(), clock.instant()));
            dispatchLog.remember(job.id(), job.attempt());
            dispatched.add(job);
            return out;
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * A partition taken over from another instance may hold a change that instance already
     * dispatched; reading the dispatch log to its end first makes the repeat recognisable.
     */
    private final class CatchUpBeforeTakingOver implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("dispatcher assigned {}", partitions);
            if (partitions.isEmpty()) {
                return;
            }
            if (!dispatchLog.awaitCaughtUp(LOG_WAIT)) {
                throw new IllegalStateException("dispatch log not read within " + LOG_WAIT);
            }
            catalog.awaitCaughtUp(properties.dispatcher().catalogWait());
        }

        /**
         * Offsets of partitions no longer ours cannot be committed (the group's new generation refuses
         * them); their changes dispatched nothing and are read again by the new owner.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            uncommitted.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            uncommitted.keySet().removeAll(partitions);
        }
    }
}
