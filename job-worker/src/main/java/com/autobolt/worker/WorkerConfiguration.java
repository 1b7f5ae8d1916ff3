package com.autobolt.worker;

import com.autobolt.kafka.KafkaSettings;
import com.autobolt.kafka.KafkaSetupConfiguration;
import com.autobolt.kafka.TopicProvisioner;
import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.worker.catalog.DirectoryCatalog;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.TopicFollowersHealth;
import com.autobolt.worker.config.WorkerProperties;
import com.autobolt.worker.config.WorkerTopics;
import com.autobolt.worker.dispatch.Dispatcher;
import com.autobolt.worker.execute.TaskExecutor;
import com.autobolt.worker.metrics.WorkerMetrics;
import com.autobolt.worker.submit.DirectorySubmitter;
import com.autobolt.worker.submit.EgressPolicy;
import com.autobolt.worker.submit.HttpFormSubmitter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
@Import(KafkaSetupConfiguration.class)
class WorkerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The worker's clients, built only once its topics exist: a worker can do nothing without them, so it
     * waits for Kafka at start (and fails to start, naming them, when it may not create missing ones).
     */
    @Bean
    KafkaClients kafkaClients(KafkaSettings kafka, TopicProvisioner provisioner, WorkerProperties properties)
            throws InterruptedException {
        provisioner.ensureWithin(WorkerTopics.of(properties, kafka.topics()), TopicProvisioner.START_WAIT);
        return new KafkaClients(kafka, properties.kafka());
    }

    /** {@code /actuator/health} component {@code topicFollowers}. */
    @Bean
    TopicFollowersHealth topicFollowersHealthIndicator(KafkaClients clients) {
        return new TopicFollowersHealth(clients);
    }

    /** The worker's meters on {@code /actuator/prometheus} (docs/metrics.md). */
    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry, WorkerProperties properties) {
        return new WorkerMetrics(registry, properties.metrics().maxDirectoryTags());
    }

    @Bean
    @ConditionalOnMissingBean
    DirectorySubmitter directorySubmitter(WorkerProperties properties) {
        WorkerProperties.Http http = properties.http();
        return new HttpFormSubmitter(
                http.connectTimeout(),
                http.requestTimeout(),
                http.excerptLength(),
                EgressPolicy.allowing(properties.egress().allowedHosts()));
    }

    /** The catalog as the change stream tells it: the dispatcher plans with it, executors check it before each try. */
    @Bean
    DirectoryCatalog directoryCatalog(KafkaClients clients, WorkerProperties properties) {
        return new DirectoryCatalog(clients, properties.topics().directories());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "autobolt.worker.dispatcher.enabled", matchIfMissing = true)
    Dispatcher dispatcher(
            KafkaClients clients,
            WorkerProperties properties,
            DirectoryCatalog catalog,
            Clock clock,
            WorkerMetrics metrics,
            RecordTracing tracing) {
        return new Dispatcher(clients, properties, catalog, clock, metrics, tracing);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "autobolt.worker.executor.enabled", matchIfMissing = true)
    TaskExecutor taskExecutor(
            KafkaClients clients,
            WorkerProperties properties,
            DirectorySubmitter submitter,
            DirectoryCatalog catalog,
            Clock clock,
            WorkerMetrics metrics,
            RecordTracing tracing) {
        return new TaskExecutor(clients, properties, submitter, catalog, clock, metrics, tracing);
    }
}
