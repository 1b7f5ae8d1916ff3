package com.autobolt.analytics;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.ChangeSource;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobChanged;
import com.autobolt.schemas.JobState;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.TaskId;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.kafka.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One test's topics on the shared broker, a producer for its inputs, and an analytics stream over them. */
final class AnalyticsWorld implements AutoCloseable {

    static final BusinessProfile PROFILE = new BusinessProfile(
            "Harbor Bakery Secret Name",
            "owner-private@harborbakery.example",
            "+1 555 0199",
            "https://harborbakery.example",
            "12 Hidden Pier Road",
            "Portland",
            "ME",
            "04101",
            "US",
            "bakery",
            "Sourdough since 1998.");
    static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

    final KafkaServer kafka = TestInfrastructure.kafka();
    final AnalyticsSettings settings;
    final KafkaSettings kafkaSettings;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AnalyticsStream> streams = new ArrayList<>();
    private long lsn = 1000;

    AnalyticsWorld() {
        this(3, 3);
    }

    AnalyticsWorld(int resultPartitions, int jobPartitions) {
        String prefix = kafka.uniqueName("analytics");
        settings = new AnalyticsSettings(
                true,
                prefix + "-app",
                null,
                prefix + ".results",
                prefix + ".jobs",
                prefix + ".directories",
                prefix + ".outcomes",
                prefix + ".job-summaries");
        kafkaSettings = KafkaSettings.plaintext(kafka.bootstrapServers())
                .withTopics(new com.autobolt.kafka.TopicSettings(3, (short) 1, 1, true));
        kafka.createTopics(resultPartitions, settings.resultsTopic());
        kafka.createTopics(jobPartitions, settings.jobsTopic());
        try {
            new TopicProvisioner(kafkaSettings).ensure(AnalyticsStream.topics(settings, kafkaSettings));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    }

    AnalyticsStream startStream() throws InterruptedException {
        AnalyticsStream stream =
                new AnalyticsStream(kafkaSettings, settings, new TopicProvisioner(kafkaSettings), null);
        streams.add(stream);
        stream.start();
        return stream;
    }

    static JobState job(UUID id, PackageType packageType, JobStatus status, Progress progress) {
        return new JobState(
                id,
                UUID.randomUUID(),
                packageType,
                progress.total(),
                3,
                status,
                1,
                List.of("dir-a", "dir-b"),
                List.of("dir-a", "dir-b"),
                PROFILE,
                progress,
                AT,
                AT.plusSeconds(5),
                null,
                null,
                null,
                1);
    }

    void publishJob(ChangeOperation op, JobState before, JobState after) {
        UUID id = after == null ? before.id() : after.id();
        send(
                settings.jobsTopic(),
                MessageKeys.job(id),
                EventJson.write(new JobChanged(
                        JobChanged.SCHEMA_VERSION, op, id, before, after, new ChangeSource(lsn++, lsn, AT))));
    }

    void publishDirectory(String id, String category) {
        DirectoryState state = new DirectoryState(
                id,
                id,
                "https://directory.example",
                category,
                "https://directory.example/submit",
                SubmissionMethod.FORM,
                Map.of(),
                50,
                true,
                1000,
                false,
                false,
                AT,
                AT);
        send(
                settings.directoriesTopic(),
                MessageKeys.directory(id),
                EventJson.write(new DirectoryChanged(
                        DirectoryChanged.SCHEMA_VERSION,
                        ChangeOperation.CREATED,
                        id,
                        null,
                        state,
                        new ChangeSource(lsn++, lsn, AT))));
    }

    static DirectoryResultReported result(UUID job, String directory, ResultStatus status) {
        var builder = DirectoryResultReported.of(new TaskId(job, directory, 1), status, AT.plusSeconds(60));
        if (status != ResultStatus.PENDING) {
            builder.workerId("worker-1");
        }
        if (status == ResultStatus.FAILED) {
            builder.error("http_422", "rejected owner-private@harborbakery.example");
        }
        if (status.isTerminal()) {
            builder.durationMs(250);
        }
        if (status == ResultStatus.SUBMITTED) {
            builder.listingUrl("https://directory.example/listing/harbor-bakery-secret-name");
        }
        return builder.build();
    }

    void publishResult(DirectoryResultReported result) {
        send(settings.resultsTopic(), MessageKeys.job(result.jobId()), EventJson.write(result));
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records of {@code topic} from its start, read committed, until {@code atLeast} came or {@code within} passed. */
    List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast, Duration within) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                kafka.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close() {
        streams.forEach(AnalyticsStream::close);
        producer.close();
    }
}
