package com.autobolt.projector.progress;

import com.autobolt.kafka.AutoBoltTopics;
import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.KafkaSetupConfiguration;
import com.autobolt.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectorProperties.class)
@Import(KafkaSetupConfiguration.class)
class ProjectorKafkaConfiguration {

    static final String CONTAINER_FACTORY = "directoryResultsContainerFactory";

    /**
     * The listeners' consumers, built only once the results topic and its dead letters exist: the projector
     * can do nothing without them, so it waits for Kafka at start (and fails to start, naming them, when
     * it may not create missing ones).
     */
    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> directoryResultsContainerFactory(
            KafkaSettings kafka, TopicProvisioner provisioner, ProjectorProperties projector, MeterRegistry registry)
            throws InterruptedException {
        provisioner.ensureWithin(
                List.of(
                        AutoBoltTopics.work(projector.resultsTopic(), kafka.topics()),
                        AutoBoltTopics.deadLetterOf(projector.resultsTopic())),
                TopicProvisioner.START_WAIT);
        Map<String, Object> consumer = new HashMap<>(kafka.clientProperties());
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Only results of committed worker transactions: an aborted submission attempt never shows.
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, projector.batchSize());
        // Every batch updates each of its jobs' rows, and every job update is a change event that job-api's
        // change stream decodes and publishes and that each worker's dispatcher and cancellation follower,
        // the live stream and the analytics stream read again. Answered at once (Kafka's default of one
        // byte), the projector's fetches brought a few results each in the end-to-end benchmark; waiting up
        // to 100 ms for 64 KiB makes batches, and job updates, several times fewer, for at most 100 ms
        // more before progress shows. Measured with the other changes of that profile, not alone: the projector's
        // CPU in the benchmark's round 12.1 → 7.3 s, job-api's 14.1 → 9.4 s (benchmarks/README.md).
        // 500 ms rather than 100: idle, each listener consumer fetched ten times a second, a third of the
        // projector's idle CPU with the JIT recompiling that path (issue 16, IdleFetch); progress of a trickle of
        // results shows at most half a second after them.
        consumer.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);

        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        var consumers = new DefaultKafkaConsumerFactory<String, byte[]>(consumer);
        // Each consumer's client metrics (records lag per partition among them) while it lives.
        consumers.addListener(new ConsumerMeters<>(registry));
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        factory.setCommonErrorHandler(new DefaultErrorHandler(retryForever(projector)));
        return factory;
    }

    /** A failed batch is retried until it lands: dropping results would make progress wrong. */
    private static ExponentialBackOff retryForever(ProjectorProperties projector) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(projector.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(projector.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    /**
     * Where {@link DeadLetters} parks results it cannot apply: acknowledged by every in-sync replica, and a
     * retried send is never written twice.
     */
    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaSettings kafka) {
        Map<String, Object> producer = new HashMap<>(kafka.clientProperties());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
    }
}
