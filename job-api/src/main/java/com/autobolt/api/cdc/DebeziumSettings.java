package com.autobolt.api.cdc;

import com.autobolt.kafka.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Debezium engine and PostgreSQL connector configuration derived from {@link CdcProperties}. */
final class DebeziumSettings {

    static final String HEARTBEAT_TABLE = "cdc_heartbeat";

    private DebeziumSettings() {}

    static Properties of(CdcProperties cdc, KafkaSettings kafka, DatabaseCoordinates database) {
        Properties props = new Properties();
        // The offset store's clients take these from the engine's top level, like the bootstrap servers.
        kafka.client().forEach(props::setProperty);
        props.setProperty("name", cdc.engineName());
        props.setProperty("connector.class", AdaptivePollingConnector.class.getName());
        props.setProperty("topic.prefix", cdc.topicPrefix());

        // Offsets in Kafka: any instance can resume where another stopped.
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        props.setProperty("offset.storage.topic", cdc.offsetTopic());
        props.setProperty(
                "offset.storage.partitions",
                Integer.toString(ChangeTopics.offsets(cdc).partitions()));
        props.setProperty(
                "offset.storage.replication.factor",
                Short.toString(kafka.topics().replicationFactor()));
        props.setProperty(
                "offset.flush.interval.ms",
                Long.toString(cdc.offsetFlushInterval().toMillis()));
        props.setProperty("offset.flush.timeout.ms", "10000");
        // The offset store's producer waits for metadata up to max.block.ms (60 s by default) before its
        // send can even fail; the engine does not publish meanwhile, so a gone broker was reported in
        // health only a minute late. Bounded as the change producer's: a failed flush is retried at the
        // next interval, nothing is lost.
        String brokerWaitMs = Integer.toString(ChangeProducerSettings.maxBlockMs(cdc.producerDeliveryTimeout()));
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, brokerWaitMs);
        // Its consumer reads the topic to its end within default.api.timeout.ms (60 s): stopping the
        // engine once the broker is gone waited that long (the task's last commit reads the offsets
        // back), and the next attempt with it, so a second failure was told over a minute after the
        // first. Its admin client refuses an API timeout shorter than the request timeout, hence both.
        // A read that times out at startup fails the run, which the supervisor retries with backoff.
        props.setProperty(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, brokerWaitMs);
        props.setProperty(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, brokerWaitMs);

        props.setProperty("database.hostname", database.host());
        props.setProperty("database.port", Integer.toString(database.port()));
        props.setProperty("database.dbname", database.database());
        props.setProperty("database.user", database.user());
        props.setProperty("database.password", database.password());

        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", cdc.slotName());
        // Migration V3 creates the publication; the application user need not own the tables.
        props.setProperty("publication.name", cdc.publicationName());
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "public.jobs,public.directories");
        props.setProperty("snapshot.mode", cdc.snapshotMode());
        // Deletes are published as "deleted" events; Kafka tombstones would only confuse subscribers.
        props.setProperty("tombstones.on.delete", "false");

        // The heartbeat table is in the publication but not in table.include.list: its changes are
        // read (so the stored LSN, and with it the slot, advances while jobs and directories are idle)
        // but never published.
        props.setProperty(
                "heartbeat.interval.ms", Long.toString(cdc.heartbeatInterval().toMillis()));
        props.setProperty(
                "heartbeat.action.query",
                "INSERT INTO " + HEARTBEAT_TABLE + " (slot_name, beat_at) VALUES ('" + cdc.slotName()
                        + "', now()) ON CONFLICT (slot_name) DO UPDATE SET beat_at = EXCLUDED.beat_at");

        props.setProperty("converters", "textArrays");
        props.setProperty("textArrays.type", TextArrayConverter.class.getName());

        // Latency: the default 500 ms poll interval dominates commit-to-Kafka time. The short interval
        // is paid in CPU, so it holds only while changes flow (AdaptivePollingTask).
        props.setProperty("poll.interval.ms", Long.toString(cdc.pollInterval().toMillis()));
        props.setProperty(
                AdaptivePollingTask.IDLE_POLL_INTERVAL_MS,
                Long.toString(cdc.idlePollInterval().toMillis()));
        props.setProperty(
                AdaptivePollingTask.IDLE_AFTER_MS, Long.toString(cdc.idleAfter().toMillis()));
        props.setProperty("max.batch.size", Integer.toString(cdc.maxBatchSize()));
        props.setProperty("max.queue.size", Integer.toString(cdc.maxQueueSize()));

        // Failures end the engine instead of being retried inside it, so the supervisor sees them,
        // reports them in health and retries with its own capped exponential backoff.
        props.setProperty("errors.max.retries", "0");
        props.setProperty("record.processing.order", "ORDERED");
        return props;
    }
}
