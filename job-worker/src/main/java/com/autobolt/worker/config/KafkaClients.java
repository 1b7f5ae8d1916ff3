package com.autobolt.worker.config;

import com.autobolt.kafka.IdleFetch;
import com.autobolt.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the worker's Kafka clients. Values stay bytes so that a record that cannot be parsed is
 * seen by our code (and dead-lettered with its reason) rather than failing inside the client.
 */
public final class KafkaClients {

    private final KafkaSettings kafka;
    private final Duration readerApiTimeout;
    private final WorkerProperties.Kafka failover;
    // Every follower running on these clients, for the worker's health.
    final List<TopicFollower> followers = new CopyOnWriteArrayList<>();

    public KafkaClients(KafkaSettings kafka, WorkerProperties.Kafka failover) {
        this(kafka, Duration.ofSeconds(60), failover);
    }

    /**
     * @param readerApiTimeout how long a follower's reader waits on the broker before a call fails
     *     (Kafka's {@code default.api.timeout.ms}; a failed call is reported and retried)
     * @param failover the transaction and session timeouts of the group consumers and transactional producers
     */
    public KafkaClients(KafkaSettings kafka, Duration readerApiTimeout, WorkerProperties.Kafka failover) {
        this.kafka = kafka;
        this.readerApiTimeout = readerApiTimeout;
        this.failover = failover;
    }

    /** The topic followers running now (catalog, cancelled jobs, dispatch log). */
    public List<TopicFollower> followers() {
        return List.copyOf(followers);
    }

    /**
     * A consumer that commits only through transactions and sees only committed records. Executors
     * use the range assignor, which gives partition N of both task topics to the same consumer, so
     * one directory's priority and normal tasks never run on two workers at once.
     */
    public KafkaConsumer<String, byte[]> groupConsumer(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> props = groupConsumerProperties(groupId, clientId, maxPollRecords);
        // It reads as records come and fetches nothing else (IdleFetch). Not the executors' static consumer: it
        // pauses and resumes partitions, and a resumed one is not fetched while an idle fetch of the others
        // waits at the same broker.
        return IdleFetch.consumer(props);
    }

    /**
     * A {@link #groupConsumer} that is a static member of its group (its {@code group.instance.id} is its
     * client id, unique per worker): a session that ends and starts again within the session timeout (a
     * fenced transaction, a restart of the same instance) gets its partitions back without a rebalance,
     * instead of handing them to another instance, which would submit every task of theirs finished here
     * but not yet committed a second time. Closed with {@code CloseOptions} {@code LEAVE_GROUP} on a stop,
     * it hands them over at once; without it (a crash) they wait for the session timeout, as a dynamic
     * member's do.
     */
    public KafkaConsumer<String, byte[]> staticGroupConsumer(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> props = groupConsumerProperties(groupId, clientId, maxPollRecords);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
        return new KafkaConsumer<>(props);
    }

    private Map<String, Object> groupConsumerProperties(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> props = readCommitted();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Names the instance in the group's description (kafka-consumer-groups --describe), not just "consumer-N".
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // A killed member's partitions go to the others after the session timeout (Kafka's default is 45 s).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                failover.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                failover.heartbeatInterval().toMillis());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return props;
    }

    /**
     * A consumer without a group, for reading a whole topic into memory. It waits at the broker as long as
     * {@link IdleFetch} says, so it must not ask the broker anything else while it reads (a request on its
     * connection waits behind the fetch): the topic's end comes from {@link #admin()}.
     */
    public KafkaConsumer<String, byte[]> reader() {
        Map<String, Object> props = readCommitted();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) readerApiTimeout.toMillis());
        return IdleFetch.consumer(props);
    }

    /** An admin client whose calls wait on the broker as long as a {@link #reader()}'s do. */
    public Admin admin() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        int timeout = (int) readerApiTimeout.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        // Kafka refuses an API timeout below the request timeout (30 s by default).
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        return Admin.create(props);
    }

    /** How long a follower's calls wait on the broker. */
    Duration readerApiTimeout() {
        return readerApiTimeout;
    }

    /**
     * A producer outside transactions, for records that stand alone (the breaker states): idempotent,
     * acknowledged by every in-sync replica.
     */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /**
     * A producer whose transactions the broker aborts after {@code transactionTimeout} if they are left
     * open (Kafka's default is 60 s, during which a killed instance's open transaction holds back every
     * {@code read_committed} reader of the partitions it wrote to). Starting one fences any earlier
     * producer with the same transactional id and aborts its open transaction at once.
     */
    public KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                failover.transactionTimeout().toMillis());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A transaction that follows the previous one closely is refused (CONCURRENT_TRANSACTIONS) until the
        // broker has written the previous one's markers, which takes a few milliseconds; the default 100 ms
        // backoff before retrying would stall every such commit far longer than the markers take.
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        // A job's claim events repeat its business profile and each directory's submission spec, and results
        // repeat their job's ids: compressed batches are several times smaller, and a broker pays per batch
        // and byte it validates, writes and serves. Batches of up to 256 KiB (16 KiB by default) let a
        // dispatch of a few jobs go in a few batches a partition. End-to-end benchmark, 0 ms round, AutoBolt
        // alone, one run each (benchmarks/README.md): 476 → 616 directories/s, 3.54 → 2.79 ms CPU a
        // submission, Kafka's CPU 7.5 → 5.6 s.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private Map<String, Object> readCommitted() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        // Topics exist before any client starts (WorkerTopics); a consumer must never create one by accident.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
