package com.autobolt.api.events;

import com.autobolt.api.error.ApiException;
import com.autobolt.api.job.JobLookup;
import com.autobolt.api.job.JobResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens event streams: checks the request (position, job), joins the live feed and starts the
 * stream's writer. Every refusal happens here, before the response is committed, so it is an
 * ordinary problem response.
 */
final class JobEventStreams implements DisposableBean {

    private final EventsProperties properties;
    private final Optional<JobEventFeed> feed;
    private final JobEventDecoder decoder;
    private final JobLookup jobs;
    private final JsonMapper json;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "job-events-stream-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    JobEventStreams(
            EventsProperties properties,
            Optional<JobEventFeed> feed,
            JobEventDecoder decoder,
            JobLookup jobs,
            JsonMapper json) {
        this.properties = properties;
        this.feed = feed;
        this.decoder = decoder;
        this.jobs = jobs;
        this.json = json;
    }

    SseEmitter allJobs(String lastEventId) {
        JobEventFeed live = liveFeed();
        long[] resumeFrom = lastEventId == null ? null : parse(lastEventId, live.partitions());
        Subscriber subscriber = new Subscriber(null, properties.clientBuffer());
        long[] position = live.register(subscriber);
        return open(live, subscriber, EventStream.Scope.allJobs(), new EventStream.Start(position, resumeFrom, null));
    }

    SseEmitter oneJob(UUID job, String lastEventId) {
        JobEventFeed live = liveFeed();
        int partitions = live.partitions();
        int partition = partitionOf(job, partitions);
        long[] resumeFrom = null;
        if (lastEventId != null) {
            resumeFrom = parse(lastEventId, partitions);
            if (resumeFrom[partition] == StreamPosition.UNKNOWN) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "Last-Event-ID does not name partition " + partition + ", the one job " + job + " is in");
            }
        }
        Subscriber subscriber = new Subscriber(job, properties.clientBuffer());
        long[] position = live.register(subscriber);
        // Read after joining the feed: every change after this read reaches the client as an event.
        Optional<JobResponse> current = jobs.find(job);
        if (current.isEmpty()) {
            live.unregister(subscriber);
            throw ApiException.notFound("no job with id " + job);
        }
        String snapshot = resumeFrom == null ? json.writeValueAsString(current.get()) : null;
        return open(
                live,
                subscriber,
                new EventStream.Scope(job, partition),
                new EventStream.Start(position, resumeFrom, snapshot));
    }

    private SseEmitter open(
            JobEventFeed live, Subscriber subscriber, EventStream.Scope scope, EventStream.Start start) {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lasts as long as the client stays
        emitter.onCompletion(subscriber::close);
        emitter.onError(error -> subscriber.close());
        emitter.onTimeout(subscriber::close);
        try {
            writers.execute(new EventStream(properties, decoder, live, subscriber, emitter, scope, start));
        } catch (RuntimeException e) {
            live.unregister(subscriber);
            throw e;
        }
        return emitter;
    }

    private JobEventFeed liveFeed() {
        JobEventFeed live = feed.orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "live events are turned off on this instance (autobolt.events.enabled=false)"));
        if (live.partitions() == 0) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the live feed has not reached the jobs change topic yet; try again shortly");
        }
        return live;
    }

    private static long[] parse(String lastEventId, int partitions) {
        try {
            return StreamPosition.parse(lastEventId, partitions);
        } catch (StreamPosition.MalformedPositionException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** The partition the change stream's producer puts a job's records in (Kafka's default, keyed by id). */
    static int partitionOf(UUID job, int partitions) {
        return Utils.toPositive(Utils.murmur2(job.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }
}
