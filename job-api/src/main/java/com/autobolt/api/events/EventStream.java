package com.autobolt.api.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes one client's stream on a thread of its own: {@code ready}, then (for a new client of one
 * job) the job's current state, then (for a resuming client) the replay, then the live records. It
 * remembers, per partition, the offset after the last record it sent: that is its event id, and a
 * record below it (met again at the hand-over from replay to live) is not sent twice.
 */
final class EventStream implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /** What the stream covers: every job, or one job (then its id names one partition). */
    record Scope(UUID job, int partition) {
        static Scope allJobs() {
            return new Scope(null, -1);
        }

        boolean covers(int p) {
            return job == null || p == partition;
        }
    }

    /** Where to start: the live position at registration, and the client's position when it resumes. */
    record Start(long[] live, long[] resumeFrom, String snapshot) {}

    private final EventsProperties properties;
    private final JobEventDecoder decoder;
    private final JobEventFeed feed;
    private final Subscriber subscriber;
    private final SseEmitter emitter;
    private final Scope scope;
    private final Start start;
    private long[] sent;

    EventStream(
            EventsProperties properties,
            JobEventDecoder decoder,
            JobEventFeed feed,
            Subscriber subscriber,
            SseEmitter emitter,
            Scope scope,
            Start start) {
        this.properties = properties;
        this.decoder = decoder;
        this.feed = feed;
        this.subscriber = subscriber;
        this.emitter = emitter;
        this.scope = scope;
        this.start = start;
    }

    @Override
    public void run() {
        try {
            if (start.resumeFrom() == null) {
                sent = start.live().clone();
                sendReady("{}");
                if (start.snapshot() != null) {
                    // No id: the ready event's position already covers this state.
                    write(SseEmitter.event().name("job").data(start.snapshot()));
                }
                streamLive();
            } else if (replay()) {
                streamLive();
            }
            emitter.complete();
        } catch (IOException e) {
            // The client went away (or the response ended): nothing left to write to.
            log.debug("job events: stream ended", e);
        } catch (InterruptedException | InterruptException e) {
            // Woken by close(): the client overflowed its buffer, or the application is stopping.
            if (subscriber.overflowed()) {
                logOverflow();
            }
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("job events: stream failed: {}", e.toString());
            emitter.completeWithError(e);
        } finally {
            subscriber.close();
            feed.unregister(subscriber);
        }
    }

    /** Sends ready and the replay; false when the replay ran out of time. */
    private boolean replay() throws IOException {
        List<Integer> partitions = scope.job() == null
                ? IntStream.range(0, start.live().length).boxed().toList()
                : List.of(scope.partition());
        try (Replay replay = new Replay(
                properties, feed.consumers(), properties.topic(), start.resumeFrom(), start.live(), partitions)) {
            sent = replay.start();
            log.debug(
                    "job events: replaying {} up to {} (resumed: {})",
                    Arrays.toString(sent),
                    Arrays.toString(start.live()),
                    replay.resumed());
            sendReady("{\"resumed\":" + replay.resumed() + "}");
            if (replay.run(this::sendReplayed, properties.replayTimeout(), subscriber::isClosed)) {
                log.debug("job events: replay done at {}", Arrays.toString(sent));
                return true;
            }
            if (!subscriber.isClosed()) {
                // The client keeps what it got and resumes from there when it reconnects.
                log.info("job events: replay did not finish within {}; closing the stream", properties.replayTimeout());
            } else if (subscriber.overflowed()) {
                logOverflow();
            }
            return false;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void streamLive() throws IOException, InterruptedException {
        // From here on closing the subscriber interrupts this thread, to wake it from waiting for
        // records; not during the replay, whose Kafka consumer must not be interrupted.
        subscriber.writtenBy(Thread.currentThread());
        while (!subscriber.isClosed()) {
            FeedRecord record = subscriber.next(properties.keepAliveInterval());
            if (record == null) {
                write(SseEmitter.event().comment("keep-alive"));
            } else {
                send(record);
            }
        }
    }

    private void logOverflow() {
        log.info("job events: closed a stream whose client fell {} events behind", properties.clientBuffer());
    }

    private void sendReplayed(ConsumerRecord<String, byte[]> record) {
        if (!scope.covers(record.partition()) || record.offset() < sent[record.partition()]) {
            return;
        }
        FeedRecord event = decoder.decode(record);
        if (event != null && subscriber.wants(event)) {
            try {
                send(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void send(FeedRecord record) throws IOException {
        int p = record.partition();
        if (!scope.covers(p) || record.offset() < sent[p]) {
            return;
        }
        sent[p] = record.offset() + 1;
        write(SseEmitter.event().id(currentId()).name("job").data(record.json()));
    }

    private void sendReady(String data) throws IOException {
        write(SseEmitter.event().id(currentId()).name("ready").data(data));
    }

    /** Sends one event; an emitter that has already ended (the client went away) counts as an I/O failure. */
    private void write(SseEmitter.SseEventBuilder event) throws IOException {
        try {
            emitter.send(event);
        } catch (IllegalStateException e) {
            throw new IOException("the stream has ended: " + e.getMessage(), e);
        }
    }

    private String currentId() {
        return scope.job() == null
                ? StreamPosition.format(sent)
                : StreamPosition.format(scope.partition(), sent[scope.partition()]);
    }
}
