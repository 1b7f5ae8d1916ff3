package com.autobolt.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How long a broker holds a consumer's fetch that finds nothing new: what an idle consumer costs.
 *
 * <p>A fetch returns as soon as one record is there ({@code fetch.min.bytes} 1, Kafka's default), so this wait
 * never delays a record; it only says how often a consumer with nothing to read asks again. At Kafka's 500 ms,
 * every idle consumer of the stack made two fetches a second, each a request the broker and the client
 * account for in their metrics and a turn of the client's code, which the JIT kept recompiling as the idle
 * path's profile replaced the busy one's (issue 16: job-api, each worker and the projector spent 3–4 % of a
 * core idle, the C2 compiler about a third of it). A consumer's poll loop still wakes at its own timeout; it
 * sends no second fetch while one waits at the broker.
 */
public final class IdleFetch {

    /** {@code fetch.max.wait.ms} of every consumer that reads as records come (followers, the workers' groups). */
    public static final int MAX_WAIT_MS = 5000;

    /**
     * How long such a consumer's {@code close()} waits. Closing sends the end of its fetch session, which the
     * broker answers only after the waiting fetch: a plain close took 4.4–4.6 s every time (measured with the
     * embedded broker), and every stop of a service with several of them waited that long. The session's end is
     * housekeeping the broker also does by itself; leaving a consumer group comes first in a close and is done
     * well within this (a closed member was gone from its group at once, with 200 ms).
     */
    public static final Duration CLOSE_WAIT = Duration.ofMillis(500);

    private IdleFetch() {}

    /** A consumer with {@code config}, waiting {@link #MAX_WAIT_MS} at the broker and {@link #CLOSE_WAIT} to close. */
    public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> config) {
        Map<String, Object> waiting = new HashMap<>(config);
        waiting.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, MAX_WAIT_MS);
        return new KafkaConsumer<>(waiting) {
            @Override
            public void close() {
                close(CloseOptions.timeout(CLOSE_WAIT));
            }
        };
    }
}
