package com.autobolt.api.events;

import com.autobolt.api.retry.Backoff;
import com.autobolt.kafka.FollowerThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of the jobs change topic in this instance: reads every partition from the end
 * (from where it was, after a reconnect) and hands each record to every subscriber. Registering a
 * subscriber and handing out a batch exclude each other, so a subscriber receives exactly the
 * records after the position it was registered at.
 */
final class JobEventFeed extends FollowerThread {

    private static final Logger log = LoggerFactory.getLogger(JobEventFeed.class);
    /** Records end a poll at once and a stop wakes it: this only says how often an idle feed's loop turns. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** Thrown when the feed cannot take a subscriber now. */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    private final EventsProperties properties;
    private final ChangeTopicConsumers consumers;
    private final JobEventDecoder decoder;
    private final Object lock = new Object();
    private final List<Subscriber> subscribers = new ArrayList<>(); // guarded by lock
    private long[] positions; // guarded by lock; null until the topic has been found

    /** Where replays get their consumers: the same brokers and client settings as the feed's. */
    ChangeTopicConsumers consumers() {
        return consumers;
    }

    JobEventFeed(EventsProperties properties, ChangeTopicConsumers consumers, JobEventDecoder decoder) {
        super("job-events-feed");
        this.properties = properties;
        this.consumers = consumers;
        this.decoder = decoder;
    }

    /**
     * Adds a subscriber; returns the position from which it receives every record (the feed's current
     * one).
     */
    long[] register(Subscriber subscriber) {
        synchronized (lock) {
            if (positions == null) {
                throw new UnavailableException("the live feed has not reached the jobs change topic "
                        + properties.topic() + " yet; try again shortly");
            }
            if (subscribers.size() >= properties.maxClients()) {
                throw new UnavailableException(
                        "this instance already serves " + properties.maxClients() + " event streams; try again later");
            }
            subscribers.add(subscriber);
            return positions.clone();
        }
    }

    void unregister(Subscriber subscriber) {
        synchronized (lock) {
            subscribers.remove(subscriber);
        }
    }

    /** The number of partitions of the topic, or 0 before the feed has found it. */
    int partitions() {
        synchronized (lock) {
            return positions == null ? 0 : positions.length;
        }
    }

    int subscriberCount() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    @Override
    public void stop() {
        super.stop();
        // Ends every open stream, so the web server's graceful shutdown does not wait for them.
        synchronized (lock) {
            subscribers.forEach(Subscriber::close);
            subscribers.clear();
        }
    }

    @Override
    protected void follow() {
        int failures = 0;
        while (isRunning()) {
            try (KafkaConsumer<String, byte[]> kafka = consumers.create("feed")) {
                following(kafka);
                if (!attach(kafka)) {
                    pause(BACKOFF.initial());
                    continue;
                }
                failures = 0;
                while (isRunning()) {
                    deliver(kafka.poll(POLL));
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                failures++;
                Duration backoff = BACKOFF.after(failures);
                log.warn("job events: the live feed failed ({}); retrying in {}", e.toString(), backoff);
                pause(backoff);
            } finally {
                following(null);
            }
        }
    }

    /** Assigns every partition, at the end the first time, where the feed was after a reconnect. */
    private boolean attach(KafkaConsumer<String, byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(properties.topic(), METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            log.info("job events: waiting for topic {} to exist", properties.topic());
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .toList();
        kafka.assign(partitions);
        long[] known;
        synchronized (lock) {
            known = positions;
        }
        long[] start = new long[partitions.size()];
        for (TopicPartition partition : partitions) {
            int p = partition.partition();
            if (known == null) {
                kafka.seekToEnd(List.of(partition));
            } else if (p < known.length) {
                kafka.seek(partition, known[p]);
            } else {
                kafka.seekToBeginning(List.of(partition)); // a partition added since: all of it is new
            }
            start[p] = kafka.position(partition, METADATA_TIMEOUT);
        }
        synchronized (lock) {
            positions = start;
        }
        log.info(
                "job events: live feed reading {} ({} partitions) from {}",
                properties.topic(),
                start.length,
                Arrays.toString(start));
        return true;
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        // Decoding (JSON in, JSON out) is nearly all of the feed's cost: with nobody listening, only
        // the positions move. Decoding happens outside the lock unless a subscriber arrives meanwhile.
        boolean listened;
        synchronized (lock) {
            listened = !subscribers.isEmpty();
        }
        List<FeedRecord> decoded = listened ? decode(records) : null;
        synchronized (lock) {
            if (decoded == null && !subscribers.isEmpty()) {
                decoded = decode(records);
            }
            int i = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                positions[record.partition()] = record.offset() + 1;
                FeedRecord event = decoded == null ? null : decoded.get(i);
                i++;
                if (event != null) {
                    subscribers.removeIf(subscriber -> !subscriber.offer(event));
                }
            }
        }
    }

    private List<FeedRecord> decode(ConsumerRecords<String, byte[]> records) {
        List<FeedRecord> decoded = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            decoded.add(decoder.decode(record));
        }
        return decoded;
    }
}
