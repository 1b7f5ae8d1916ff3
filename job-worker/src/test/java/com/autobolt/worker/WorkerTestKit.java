package com.autobolt.worker;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.kafka.TopicSettings;
import com.autobolt.sandbox.DirectorySandbox;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Priority;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.TaskId;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.process.TestJvm;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.config.WorkerTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One test's world: its own topics on the real broker, a sandbox over real HTTP, worker
 * application contexts, and helpers to publish catalog and job changes and read results.
 */
final class WorkerTestKit implements AutoCloseable {

    static final int PARTITIONS = 4;
    private static final TopicSettings TOPICS = new TopicSettings(PARTITIONS, (short) 1, 1, true);

    final String prefix = TestInfrastructure.kafka().uniqueName("w");
    final String jobs = prefix + ".jobs";
    final String directories = prefix + ".directories";
    final String tasks = prefix + ".tasks";
    final String priorityTasks = prefix + ".tasks.priority";
    final String externalTasks = prefix + ".tasks.external";
    final String results = prefix + ".results";
    final String dispatchLog = prefix + ".dispatch-log";
    final DirectorySandbox sandbox = DirectorySandbox.start(0);
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final AtomicLong lsn = new AtomicLong(1000);
    // Kafka's default max.poll.records, for the readers of the tests.
    static final int DEFAULT_MAX_POLL_RECORDS = 500;
    private KafkaConsumer<String, byte[]> resultReader;
    private final List<DirectoryResultReported> resultsSeen = Collections.synchronizedList(new ArrayList<>());

    WorkerTestKit() {
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        // The worker's own declarations, created as a worker creates them at start (retrying while Kafka
        // fails to answer, as it does), at this kit's partition count.
        try {
            new TopicProvisioner(KafkaSettings.plaintext(bootstrap).withTopics(TOPICS))
                    .ensureWithin(WorkerTopics.of(topicNames(), TOPICS), Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private WorkerProperties.Topic topicNames() {
        return new WorkerProperties.Topic(jobs, directories, tasks, priorityTasks, externalTasks, results, dispatchLog);
    }

    /** Starts a worker (dispatcher and executor unless the extra properties say otherwise). */
    ConfigurableApplicationContext startWorker(String workerId, String... extraProperties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(JobWorkerApplication.class)
                .web(WebApplicationType.NONE)
                // As arguments, not default properties: those rank below kafka-setup's @PropertySource.
                .run(workerProperties(workerId, extraProperties).stream()
                        .map(property -> "--" + property)
                        .toArray(String[]::new));
        workers.add(context);
        return context;
    }

    /**
     * Starts a worker in a JVM of its own, so that the test can kill it as an operating system would
     * ({@code destroyForcibly}: SIGKILL). The caller kills it; {@link #close()} does too.
     */
    Process startWorkerProcess(String workerId, Path log, String... extraProperties) {
        List<String> arguments = new ArrayList<>(List.of("--spring.main.web-application-type=none"));
        workerProperties(workerId, extraProperties).forEach(property -> arguments.add("--" + property));
        try {
            Process process = TestJvm.start(JobWorkerApplication.class, "384m", log, arguments);
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> workerProperties(String workerId, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "autobolt.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
                "autobolt.kafka.topics.partitions=" + PARTITIONS,
                "spring.main.banner-mode=off",
                "autobolt.worker.worker-id=" + workerId,
                "autobolt.worker.topics.jobs=" + jobs,
                "autobolt.worker.topics.directories=" + directories,
                "autobolt.worker.topics.tasks=" + tasks,
                "autobolt.worker.topics.priority-tasks=" + priorityTasks,
                "autobolt.worker.topics.external-tasks=" + externalTasks,
                "autobolt.worker.topics.results=" + results,
                "autobolt.worker.topics.dispatch-log=" + dispatchLog,
                "autobolt.worker.dispatcher.group-id=" + prefix + "-dispatcher",
                "autobolt.worker.executor.group-id=" + prefix + "-executors",
                "autobolt.worker.executor.backoff-base=50ms",
                "autobolt.worker.executor.backoff-max=2s",
                "autobolt.worker.executor.drain-timeout=15s",
                "autobolt.worker.http.request-timeout=3s",
                // The sandbox: plain http on the loopback interface, which the egress policy refuses otherwise.
                "autobolt.worker.egress.allowed-hosts=127.0.0.1,localhost"));
        properties.addAll(List.of(extraProperties));
        return properties;
    }

    /**
     * Publishes a claim event for the directory, as the dispatcher would for a job of this priority,
     * and returns it (its task id is the submission's idempotency key).
     */
    DirectoryTaskDispatched publishClaim(DirectoryState directory, int priority) {
        DirectoryTaskDispatched claim = DirectoryTaskDispatched.of(
                new TaskId(UUID.randomUUID(), directory.id(), 1),
                UUID.fromString("a3e4b5c6-d7e8-4f90-a1b2-c3d4e5f60718"),
                priority,
                profile(),
                directory.submissionSpec(),
                Instant.now());
        publishClaim(claim);
        return claim;
    }

    /** Publishes this claim event (again) to the task topic of its priority. */
    void publishClaim(DirectoryTaskDispatched claim) {
        send(
                Priority.isHigh(claim.priority()) ? priorityTasks : tasks,
                MessageKeys.directory(claim.directoryId()),
                EventJson.write(claim));
    }

    /** The task partition a directory's claim events go to (Kafka's partitioner for keyed records). */
    static int taskPartitionOf(String directoryId) {
        byte[] key = MessageKeys.directory(directoryId).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
    }

    /** Publishes catalog entries for directories {@code <name>-0 .. <name>-(count-1)}, all pointing at the sandbox. */
    List<String> publishDirectories(String name, int count) {
        List<String> ids =
                IntStream.range(0, count).mapToObj(i -> name + "-" + i).toList();
        ids.forEach(id -> publishDirectory(directory(id, 0, true, false, false)));
        return ids;
    }

    /**
     * A directory the executors submit: automatic even when it needs a login or captcha (as an admin may set
     * it), so that the executors' own refusal of those is what the tests see.
     */
    DirectoryState directory(String id, long minIntervalMs, boolean active, boolean login, boolean captcha) {
        Instant now = Instant.now();
        return new DirectoryState(
                id,
                "Directory " + id,
                "https://" + id + ".example",
                "general",
                sandbox.submissionUrl(id),
                SubmissionMethod.FORM,
                Map.of("businessName", "company", "email", "contact_email", "city", "city"),
                50,
                active,
                minIntervalMs,
                login,
                captcha,
                now,
                now,
                ExecutionMode.AUTOMATIC);
    }

    void publishDirectory(DirectoryState directory) {
        DirectoryChanged change = new DirectoryChanged(
                DirectoryChanged.SCHEMA_VERSION,
                ChangeOperation.CREATED,
                directory.id(),
                null,
                directory,
                new ChangeSource(lsn.incrementAndGet(), 1, Instant.now()));
        send(directories, MessageKeys.directory(directory.id()), EventJson.write(change));
    }

    static BusinessProfile profile() {
        return new BusinessProfile(
                "Harbor Bakery",
                "hello@harborbakery.example",
                "+1 555 0100",
                "https://harborbakery.example",
                "12 Pier Road",
                "Portland",
                "ME",
                "04101",
                "US",
                "bakery",
                "Sourdough since 1998.");
    }

    static JobState job(
            UUID id, JobStatus status, int attempt, int priority, List<String> planned, List<String> dispatch) {
        Instant now = Instant.now();
        return new JobState(
                id,
                UUID.fromString("a3e4b5c6-d7e8-4f90-a1b2-c3d4e5f60718"),
                PackageType.STARTER,
                planned.size(),
                priority,
                status,
                attempt,
                planned,
                dispatch,
                profile(),
                Progress.of(planned.size(), 0, 0, 0),
                now,
                now,
                null,
                null,
                null,
                attempt);
    }

    /** Publishes a job creation (status pending, attempt 1) and returns the job. */
    JobState createJob(List<String> directoryIds, int priority) {
        JobState job = job(UUID.randomUUID(), JobStatus.PENDING, 1, priority, directoryIds, directoryIds);
        publishJobChange(ChangeOperation.CREATED, null, job);
        return job;
    }

    void publishJobChange(ChangeOperation op, JobState before, JobState after) {
        JobChanged change = new JobChanged(
                JobChanged.SCHEMA_VERSION,
                op,
                after.id(),
                before,
                after,
                new ChangeSource(lsn.incrementAndGet(), 2, Instant.now()));
        send(jobs, MessageKeys.job(after.id()), EventJson.write(change));
    }

    void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every result event committed so far, in topic order per job. */
    synchronized List<DirectoryResultReported> results() {
        if (resultReader == null) {
            resultReader = resultsFromStart(DEFAULT_MAX_POLL_RECORDS);
        }
        for (ConsumerRecord<String, byte[]> record : resultReader.poll(Duration.ofMillis(200))) {
            resultsSeen.add(EventJson.read(record.value(), DirectoryResultReported.class));
        }
        return List.copyOf(resultsSeen);
    }

    List<DirectoryResultReported> results(UUID jobId, Predicate<DirectoryResultReported> filter) {
        return results().stream()
                .filter(result -> result.jobId().equals(jobId))
                .filter(filter)
                .toList();
    }

    List<DirectoryResultReported> terminalResults(UUID jobId) {
        return results(jobId, result -> result.status().isTerminal());
    }

    /** How often the sandbox saw each idempotency key of this job. */
    Map<String, Long> submissionsPerKey(UUID jobId) {
        return sandbox.submissionsPerKey().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(jobId.toString()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static Map<ResultStatus, Long> countByStatus(List<DirectoryResultReported> results) {
        return results.stream()
                .collect(Collectors.groupingBy(DirectoryResultReported::status, HashMap::new, Collectors.counting()));
    }

    /** Every record of a topic (read_committed), for dead-letter checks. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        return readAll(topic, record -> true, expected);
    }

    /** The records of a topic that match, once {@code expected} of them are read (or after 30 s). */
    List<ConsumerRecord<String, byte[]>> readAll(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = readCommitted(DEFAULT_MAX_POLL_RECORDS)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (filter.test(record)) {
                        records.add(record);
                    }
                });
            }
        }
        return records;
    }

    /** A {@code read_committed} reader of the whole results topic, from its start, assigned (no group). */
    KafkaConsumer<String, byte[]> resultsFromStart(int maxPollRecords) {
        KafkaConsumer<String, byte[]> consumer = readCommitted(maxPollRecords);
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(results, p))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static KafkaConsumer<String, byte[]> readCommitted(int maxPollRecords) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                maxPollRecords,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (ConfigurableApplicationContext worker : workers) {
            if (worker.isActive()) {
                worker.close();
            }
        }
        synchronized (this) {
            if (resultReader != null) {
                resultReader.close();
            }
        }
        producer.close();
        sandbox.close();
    }
}
