package com.autobolt.api.cdc;

import static org.awaitility.Awaitility.await;

import com.autobolt.testinfra.bench.BenchmarkReport;
import com.autobolt.testinfra.bench.ByteSearch;
import com.autobolt.testinfra.bench.JitCompiler;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test (its name keeps it out of {@code verify}): latency from a job insert's commit
 * (PostgreSQL's commit timestamp, carried in the event) to the event being read from Kafka, at a
 * steady 200 and 1,000 inserts per second, one insert per transaction, and of a lone insert after a
 * quiet spell (the stream then polls at its idle interval). Writes
 * {@code bench/results/cdc-latency.json}. Run it with the command in {@code job-api/README.md (Change stream)}.
 */
class CdcLatencyBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CdcLatencyBenchmark.class);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(20);
    private static final int WRITERS = 4;
    /**
     * At most this many warm-up rounds ({@code -Dcdc.bench.warmUpRounds}). Five were not enough on 2026-12-02: the
     * compiler still took 28–35 % of the JVM's CPU in rounds two to five; by the tenth it took 5–11 % (the tail
     * at 1,000/s stayed long that night, job-api README).
     */
    private static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("cdc.bench.warmUpRounds", 10);

    private static final int QUIET_SAMPLES = 20;
    // Longer than the stream's idle-after (2 s), so that each sample's change finds it idle.
    private static final Duration QUIET_SPELL = Duration.ofSeconds(3);

    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    // The split at the moment the producer sent the event (the record's CreateTime): engine side, then Kafka side.
    private final ConcurrentLinkedQueue<Long> toSendMicros = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> sendToReadMicros = new ConcurrentLinkedQueue<>();
    // The second of the window (from its start) in which each change slower than the goal was committed:
    // a few seconds full of them is a stall (a pause of the process, a checkpoint), many spread ones a tail.
    private static final long SLOW_MICROS = 25_000;
    private final ConcurrentLinkedQueue<Long> slowSeconds = new ConcurrentLinkedQueue<>();
    private volatile Instant measureFrom = Instant.MAX;
    private volatile Instant measureUntil = Instant.MAX;

    @Test
    void measureCommitToKafkaLatency() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        try (CdcTestSupport world = new CdcTestSupport()) {
            // Production's offset store interval, not the tests' short one; -Dcdc.bench.args=key=value,...
            // (via -DargLine) tries other settings.
            var instance =
                    world.startInstance(System.getProperty("cdc.bench.args", "autobolt.cdc.offset-flush-interval=60s")
                            .split(","));
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> CdcTestSupport.statusOf(instance).state() == ChangeStreamStatus.State.STREAMING);
            UUID customerId = world.insertCustomer();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = startReader(world, reading);
            warmUp(world, customerId);
            for (int rate : new int[] {200, 1000}) {
                JitCompiler.awaitQuiet(Duration.ofSeconds(30));
                List<Long> sample = run(world, customerId, rate);
                figures.put("cdc_p50_ms_at_" + rate, percentileMillis(sample, 50));
                figures.put("cdc_p99_ms_at_" + rate, percentileMillis(sample, 99));
            }
            List<Long> firsts = firstChangesAfterQuiet(world, customerId);
            figures.put("cdc_first_after_idle_p50_ms", percentileMillis(firsts, 50));
            figures.put("cdc_first_after_idle_max_ms", percentileMillis(firsts, 100));
            reading.set(false);
            reader.join(10_000);
        }
        writeResults(figures);
    }

    /**
     * Throw-away rounds at 1,000/s until the JIT compiler takes under a tenth of a round's CPU (at
     * most {@link #MAX_WARM_UP_ROUNDS}). Sharing this JVM with the broker, Spring and Debezium, the
     * compiler keeps a core busy for minutes after start-up (measured: 70 % of a core during a
     * 200/s round that followed a single warm-up round), and the figures are meant to be
     * steady-state.
     */
    private void warmUp(CdcTestSupport world, UUID customerId) throws Exception {
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            JitCompiler jit = JitCompiler.mark();
            run(world, customerId, 1000);
            double jitShare = jit.compilerShare();
            log.info("warm-up round {}: JIT compiler {} % of the process's CPU", round, Math.round(jitShare * 100));
            if (jitShare < 0.1) {
                return;
            }
        }
    }

    /** Inserts at {@code rate} per second for warm-up plus measurement; returns the measured latencies. */
    private List<Long> run(CdcTestSupport world, UUID customerId, int rate) throws Exception {
        latenciesMicros.clear();
        toSendMicros.clear();
        sendToReadMicros.clear();
        slowSeconds.clear();
        Instant start = Instant.now().plusMillis(200);
        measureFrom = start.plus(WARM_UP);
        measureUntil = measureFrom.plus(MEASURE);
        long total = (long) rate * (WARM_UP.plus(MEASURE).toSeconds());
        List<Thread> writers = new ArrayList<>();
        long[] inserted = new long[WRITERS];
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(
                    () -> inserted[writer] = write(world, customerId, rate, start, writer, total), "bench-writer-" + w);
            thread.start();
            writers.add(thread);
        }
        for (Thread thread : writers) {
            thread.join();
        }
        Instant writersDone = Instant.now();
        awaitQuiet();
        List<Long> sample = new ArrayList<>(latenciesMicros);
        long sent = 0;
        for (long n : inserted) {
            sent += n;
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        double writeSeconds = Duration.between(start, writersDone).toMillis() / 1000.0;
        log.info(
                "rate {}/s: {} inserts in {} s (achieved {}/s), {} events measured, p50 {} ms, p99 {} ms",
                rate,
                sent,
                seconds,
                Math.round(sent / writeSeconds),
                sample.size(),
                percentileMillis(sample, 50),
                percentileMillis(sample, 99));
        log.info(
                "rate {}/s split: commit to producer send p50 {} ms, p99 {} ms; send to read p50 {} ms, p99 {} ms",
                rate,
                percentileMillis(new ArrayList<>(toSendMicros), 50),
                percentileMillis(new ArrayList<>(toSendMicros), 99),
                percentileMillis(new ArrayList<>(sendToReadMicros), 50),
                percentileMillis(new ArrayList<>(sendToReadMicros), 99));
        log.info("rate {}/s: changes over {} ms by second of the window: {}", rate, SLOW_MICROS / 1000, slowBySecond());
        return sample;
    }

    private Map<Long, Long> slowBySecond() {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        for (long second : slowSeconds) {
            counts.merge(second, 1L, Long::sum);
        }
        return counts;
    }

    /** Waits, within a bound, until the events of the window have stopped arriving. */
    private void awaitQuiet() {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    long now = latenciesMicros.size();
                    boolean quiet = now > 0 && now == last[0];
                    last[0] = now;
                    return quiet;
                });
    }

    /**
     * The latency of a lone change after a quiet spell longer than the stream's {@code idle-after}
     * (2 s), when it polls at its idle interval ({@link AdaptivePollingTask}): what the idle saving
     * costs the first change of a burst.
     */
    private List<Long> firstChangesAfterQuiet(CdcTestSupport world, UUID customerId) throws Exception {
        List<Long> sample = new ArrayList<>();
        try (Connection connection = world.connect();
                PreparedStatement insert = prepareInsert(connection)) {
            var array = connection.createArrayOf("text", benchDirectories().toArray());
            for (int i = 0; i < QUIET_SAMPLES; i++) {
                Thread.sleep(QUIET_SPELL.toMillis());
                latenciesMicros.clear();
                measureFrom = Instant.now().minusSeconds(1);
                measureUntil = Instant.MAX;
                insertJob(insert, customerId, array);
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> !latenciesMicros.isEmpty());
                sample.add(latenciesMicros.peek());
            }
        }
        log.info(
                "first change after {} quiet: p50 {} ms, max {} ms of {}",
                QUIET_SPELL,
                percentileMillis(sample, 50),
                percentileMillis(sample, 100),
                sample.size());
        return sample;
    }

    /** Open-loop pacing: insert i of this writer is due at start + i × writers / rate, however long earlier ones took. */
    private long write(CdcTestSupport world, UUID customerId, int rate, Instant start, int writer, long total) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * WRITERS / rate;
        long startNanos = System.nanoTime()
                + Duration.between(Instant.now(), start).toNanos()
                + writer * (intervalNanos / WRITERS);
        long count = 0;
        try (Connection connection = world.connect();
                PreparedStatement insert = prepareInsert(connection)) {
            var array = connection.createArrayOf("text", benchDirectories().toArray());
            for (long i = writer; i < total; i += WRITERS) {
                long due = startNanos + (i / WRITERS) * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                insertJob(insert, customerId, array);
                count++;
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark writer failed", e);
        }
        return count;
    }

    private static List<String> benchDirectories() {
        return CdcTestSupport.directoryIds(50).stream()
                .map(id -> id.substring(0, 20))
                .toList();
    }

    private static PreparedStatement prepareInsert(Connection connection) throws java.sql.SQLException {
        // The shared test server runs with synchronous_commit=off, which delays WAL flushes, and with
        // them logical decoding, by up to the WAL writer's delay; production commits synchronously.
        try (var statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on");
        }
        return connection.prepareStatement(
                "INSERT INTO jobs (id, customer_id, package_type, directory_count, planned_directory_ids,"
                        + " dispatch_directory_ids, business_profile, progress_total)"
                        + " VALUES (?, ?, 'starter', 50, ?, ?, ?::jsonb, 50)");
    }

    private static void insertJob(PreparedStatement insert, UUID customerId, java.sql.Array directories)
            throws java.sql.SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, customerId);
        insert.setArray(3, directories);
        insert.setArray(4, directories);
        insert.setString(5, CdcTestSupport.PROFILE);
        insert.executeUpdate();
    }

    private Thread startReader(CdcTestSupport world, AtomicBoolean reading) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                world.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.subscribe(List.of(world.jobsTopic));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        Thread thread = new Thread(
                () -> {
                    try (consumer) {
                        while (reading.get()) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                                Instant received = Instant.now();
                                Instant committed = commitTimestampOf(record.value());
                                if (!committed.isBefore(measureFrom) && committed.isBefore(measureUntil)) {
                                    long latency = micros(committed, received);
                                    latenciesMicros.add(latency);
                                    if (latency > SLOW_MICROS) {
                                        slowSeconds.add(Duration.between(measureFrom, committed)
                                                .toSeconds());
                                    }
                                    Instant sent = Instant.ofEpochMilli(record.timestamp());
                                    toSendMicros.add(micros(committed, sent));
                                    sendToReadMicros.add(micros(sent, received));
                                }
                            }
                        }
                    }
                },
                "bench-reader");
        thread.start();
        return thread;
    }

    private static final byte[] COMMIT_TIMESTAMP_FIELD = "\"commitTimestamp\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The event's commit time ({@code source.commitTimestamp}), found by a byte search instead of a
     * parse: the reader shares the machine with what it measures, so it does as little as it can.
     * Text inside the event's strings has its quotes escaped, so only the field itself matches.
     */
    static Instant commitTimestampOf(byte[] value) {
        int start = ByteSearch.indexOf(value, COMMIT_TIMESTAMP_FIELD);
        if (start < 0) {
            throw new IllegalStateException("event without source.commitTimestamp");
        }
        start += COMMIT_TIMESTAMP_FIELD.length;
        int end = start;
        while (end < value.length && value[end] != '"') {
            end++;
        }
        return Instant.parse(new String(value, start, end - start, StandardCharsets.US_ASCII));
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000;
    }

    private static double percentileMillis(List<Long> micros, int percentile) {
        if (micros.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return Math.round(sorted.get(Math.max(index, 0)) / 100.0) / 10.0;
    }

    private static void writeResults(Map<String, Double> figures) {
        BenchmarkReport report = new BenchmarkReport("cdc-latency");
        figures.forEach((name, value) -> report.figure(name, value, "ms"));
        report.write();
    }
}
