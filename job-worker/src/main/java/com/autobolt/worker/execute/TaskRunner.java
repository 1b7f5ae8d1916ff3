package com.autobolt.worker.execute;

import com.autobolt.kafka.observability.RecordTracing;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.MessageKeys;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.SubmissionEvidence;
import com.autobolt.schemas.SubmissionSpec;
import com.autobolt.worker.breakers.BreakerTransitions;
import com.autobolt.worker.config.Backoff;
import com.autobolt.worker.metrics.WorkerMetrics;
import com.autobolt.worker.submit.DirectorySubmitter;
import com.autobolt.worker.submit.SubmissionOutcome;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of a task and decides what comes next: a terminal result, or another try after a
 * delay. Transient failures are retried within the attempt up to {@code maxTries}; permanent ones
 * fail at once; a directory whose breaker is open makes its tasks wait without spending tries.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    static final String JOB_CANCELLED = "job_cancelled";
    static final String RETRIES_EXHAUSTED = "retries_exhausted";
    static final String DIRECTORY_INACTIVE = "directory_inactive";
    static final String WORKER_ERROR = "worker_error";
    /** A task read again after the transaction holding its result failed: the result is published again. */
    static final String FINISHED_BEFORE = "finished_before";
    /** One span per try (or skip) of a task, child of the claim event's traceparent; its results carry it. */
    static final String SPAN = "autobolt.submit";

    static final String DIRECTORY_ATTRIBUTE = "autobolt.directory.id";
    /**
     * submitted, skipped, failed, retry, retries_exhausted, job_cancelled, directory_inactive, worker_error,
     * finished_before.
     */
    static final String OUTCOME_ATTRIBUTE = "autobolt.outcome";

    private final DirectorySubmitter submitter;
    private final Function<String, Optional<DirectoryState>> catalog;
    private final CancelledJobs cancelledJobs;
    private final OffsetTracker tracker;
    private final Queue<Claim> claims;
    private final String resultsTopic;
    private final String workerId;
    private final int maxTries;
    private final Backoff backoff;
    private final int breakerThreshold;
    private final Duration breakerCoolDown;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final RecordTracing tracing;
    private final BreakerTransitions breakerTransitions;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    TaskRunner(
            DirectorySubmitter submitter,
            Function<String, Optional<DirectoryState>> catalog,
            CancelledJobs cancelledJobs,
            OffsetTracker tracker,
            Queue<Claim> claims,
            String resultsTopic,
            String workerId,
            int maxTries,
            Backoff backoff,
            int breakerThreshold,
            Duration breakerCoolDown,
            Clock clock,
            WorkerMetrics metrics,
            RecordTracing tracing,
            BreakerTransitions breakerTransitions) {
        this.submitter = submitter;
        this.catalog = catalog;
        this.cancelledJobs = cancelledJobs;
        this.tracker = tracker;
        this.claims = claims;
        this.resultsTopic = resultsTopic;
        this.workerId = workerId;
        this.maxTries = maxTries;
        this.backoff = backoff;
        this.breakerThreshold = breakerThreshold;
        this.breakerCoolDown = breakerCoolDown;
        this.clock = clock;
        this.metrics = metrics;
        this.tracing = tracing;
        this.breakerTransitions = breakerTransitions;
    }

    /** What every log line about the task carries until it is closed (on the thread that opened it). */
    TaskLogContext logContext(Task task) {
        return TaskLogContext.open(task, workerId);
    }

    /** How long the directory must wait before its next try: the breaker's cool-down. */
    long breakerWaitNanos(String directoryId) {
        CircuitBreaker breaker = breakers.get(directoryId);
        return breaker == null ? 0 : breaker.waitNanos(System.nanoTime());
    }

    /**
     * The task's directory as the catalog describes it now (its interval, where it submits), or as
     * the claim event carried it while the catalog does not know it.
     */
    SubmissionSpec currentDirectory(Task task) {
        return catalog.apply(task.directoryId())
                .map(DirectoryState::submissionSpec)
                .orElse(task.event.directory());
    }

    boolean isCancelled(Task task) {
        return cancelledJobs.isCancelled(task.event.jobId(), task.event.attempt());
    }

    /** @return zero when the task is finished, else nanoseconds to wait before its next try */
    long step(Task task) {
        Span span = tracing.startSpan(SPAN, task.claimHeaders()).tag(DIRECTORY_ATTRIBUTE, task.directoryId());
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            return step(task, span);
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private long step(Task task, Span span) {
        if (task.tries == 0) {
            ProducerRecord<String, byte[]> earlier = tracker.finishedBefore(task.taskId());
            if (earlier != null) {
                // Finished here before, in a transaction that never committed: its result, not a second submission.
                span.tag(OUTCOME_ATTRIBUTE, FINISHED_BEFORE);
                log.info(
                        "task {} finished here before its transaction failed: its result is published again",
                        task.taskId());
                tracker.finish(task, earlier);
                return 0;
            }
        }
        if (isCancelled(task)) {
            span.tag(OUTCOME_ATTRIBUTE, JOB_CANCELLED);
            finish(
                    task,
                    result(task, ResultStatus.SKIPPED)
                            .error(JOB_CANCELLED, "the job was cancelled before this directory was submitted"),
                    span);
            return 0;
        }
        // The claim event carries the directory as it was when the job was dispatched; an admin may have
        // deactivated it or changed where it submits since, and that holds for tasks already queued.
        Optional<DirectoryState> live = catalog.apply(task.directoryId());
        if (live.isPresent() && !live.get().active()) {
            span.tag(OUTCOME_ATTRIBUTE, DIRECTORY_INACTIVE);
            finish(
                    task,
                    result(task, ResultStatus.SKIPPED)
                            .error(DIRECTORY_INACTIVE, "the directory was deactivated before this task ran"),
                    span);
            return 0;
        }
        if (task.tries == 0) {
            task.firstTryNanos = System.nanoTime();
            DirectoryResultReported claimed = result(task, ResultStatus.CLAIMED).build();
            // The span's context now: the claim's event is made later, maybe never (Claim).
            RecordHeaders headers = traceHeaders(span);
            claims.add(new Claim(task.taskId(), () -> record(claimed, headers)));
            metrics.taskClaimed(task.directoryId());
        }
        task.tries++;
        long submitStart = System.nanoTime();
        SubmissionOutcome outcome =
                submitter.submit(live.map(directory -> task.event.withDirectory(directory.submissionSpec()))
                        .orElse(task.event));
        metrics.submissionTook(task.directoryId(), System.nanoTime() - submitStart);
        CircuitBreaker breaker = breakers.computeIfAbsent(task.directoryId(), this::newBreaker);
        if (outcome instanceof SubmissionOutcome.Submitted submitted) {
            recordSuccess(task, breaker);
            span.tag(OUTCOME_ATTRIBUTE, ResultStatus.SUBMITTED.value());
            finish(
                    task,
                    withEvidence(task, result(task, ResultStatus.SUBMITTED), outcome)
                            .listingUrl(submitted.listingUrl()),
                    span);
            return 0;
        }
        if (outcome instanceof SubmissionOutcome.Skipped skipped) {
            span.tag(OUTCOME_ATTRIBUTE, ResultStatus.SKIPPED.value());
            finish(task, result(task, ResultStatus.SKIPPED).error(skipped.errorCode(), skipped.reason()), span);
            return 0;
        }
        if (outcome instanceof SubmissionOutcome.Permanent permanent) {
            // The site answered: it is up, whatever it thought of this listing.
            recordSuccess(task, breaker);
            span.tag(OUTCOME_ATTRIBUTE, ResultStatus.FAILED.value());
            finish(
                    task,
                    withEvidence(task, result(task, ResultStatus.FAILED), outcome)
                            .error(permanent.errorCode(), permanent.reason()),
                    span);
            return 0;
        }
        return retryOrFail(task, (SubmissionOutcome.Transient) outcome, breaker, span);
    }

    private void recordSuccess(Task task, CircuitBreaker breaker) {
        if (breaker.recordSuccess()) {
            breakerTransitions.closed(task.directoryId());
        }
    }

    private CircuitBreaker newBreaker(String directoryId) {
        CircuitBreaker breaker = new CircuitBreaker(breakerThreshold, breakerCoolDown);
        metrics.directoryGauge(
                "autobolt.worker.breaker.state",
                "The directory's circuit breaker: 0 closed, 1 half-open, 2 open (the worst of the directories"
                        + " tagged other)",
                null,
                directoryId,
                this::worstBreakerState);
        return breaker;
    }

    /** The worst state of the breakers of the directories that have this tag (one, except for other). */
    private double worstBreakerState(String tag) {
        long now = System.nanoTime();
        if (!WorkerMetrics.OTHER.equals(tag)) {
            CircuitBreaker breaker = breakers.get(tag);
            return breaker == null ? 0 : breaker.state(now).ordinal();
        }
        int worst = 0;
        for (Map.Entry<String, CircuitBreaker> entry : breakers.entrySet()) {
            if (WorkerMetrics.OTHER.equals(metrics.directoryTag(entry.getKey()))) {
                worst = Math.max(worst, entry.getValue().state(now).ordinal());
            }
        }
        return worst;
    }

    /**
     * A bug, not a site failure: the task fails rather than blocking its partition forever. The
     * exception's message may quote what a site sent; the result builder cleans and bounds it, and if
     * even that event cannot be made, one with no text of the exception's is.
     */
    void failUnexpectedly(Task task, RuntimeException e) {
        Span span = tracing.startSpan(SPAN, task.claimHeaders())
                .tag(DIRECTORY_ATTRIBUTE, task.directoryId())
                .tag(OUTCOME_ATTRIBUTE, WORKER_ERROR);
        try {
            finish(task, result(task, ResultStatus.FAILED).error(WORKER_ERROR, String.valueOf(e)), span);
        } catch (RuntimeException again) {
            finish(
                    task,
                    result(task, ResultStatus.FAILED)
                            .error(WORKER_ERROR, "unexpected " + e.getClass().getName() + " in the worker"),
                    span);
        } finally {
            span.end();
        }
    }

    private long retryOrFail(Task task, SubmissionOutcome.Transient failure, CircuitBreaker breaker, Span span) {
        long now = System.nanoTime();
        if (breaker.recordTransientFailure(now)) {
            breakerTransitions.opened(task.directoryId(), breakerCoolDown, failure.errorCode());
        }
        if (task.tries >= maxTries) {
            span.tag(OUTCOME_ATTRIBUTE, RETRIES_EXHAUSTED);
            finish(
                    task,
                    withEvidence(task, result(task, ResultStatus.FAILED), failure)
                            .error(
                                    RETRIES_EXHAUSTED,
                                    "gave up after " + task.tries + " tries; last: " + failure.errorCode() + ", "
                                            + failure.reason()),
                    span);
            return 0;
        }
        span.tag(OUTCOME_ATTRIBUTE, "retry");
        long delay = Math.max(backoff.delayNanos(task.tries, failure.retryAfter()), breaker.waitNanos(now));
        // The only record that this worker did not hear (or could not use) an answer the site may have sent: the
        // site sees the same Idempotency-Key again, and an operator or the soak's checker asks why. The error
        // code is ours; the reason may quote the site, so it stays out of the log.
        log.info(
                "task {} try {} failed ({}): trying again in {} ms with the same Idempotency-Key",
                task.taskId(),
                task.tries,
                failure.errorCode(),
                TimeUnit.NANOSECONDS.toMillis(delay));
        return delay;
    }

    private DirectoryResultReported.Builder result(Task task, ResultStatus status) {
        DirectoryResultReported.Builder builder = DirectoryResultReported.of(task.event.task(), status, clock.instant())
                .workerId(workerId);
        if (status.isTerminal() && task.tries > 0) {
            builder.durationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - task.firstTryNanos));
        }
        return builder;
    }

    private static DirectoryResultReported.Builder withEvidence(
            Task task, DirectoryResultReported.Builder builder, SubmissionOutcome outcome) {
        String listingUrlProblem =
                outcome instanceof SubmissionOutcome.Submitted submitted ? submitted.listingUrlProblem() : null;
        return builder.evidence(
                new SubmissionEvidence(outcome.httpStatus(), outcome.excerpt(), task.tries - 1, listingUrlProblem));
    }

    private void finish(Task task, DirectoryResultReported.Builder builder, Span span) {
        DirectoryResultReported result = builder.build();
        tracker.finish(task, record(result, span));
        metrics.taskFinished(task.directoryId(), result.status().value(), result.errorCode());
    }

    /** The result event, carrying the try's span as the parent of whatever projects it. */
    private ProducerRecord<String, byte[]> record(DirectoryResultReported result, Span span) {
        return record(result, traceHeaders(span));
    }

    /** Headers carrying the span's context (none when tracing is off). */
    private RecordHeaders traceHeaders(Span span) {
        RecordHeaders headers = new RecordHeaders();
        tracing.inject(span, headers);
        return headers;
    }

    private ProducerRecord<String, byte[]> record(DirectoryResultReported result, RecordHeaders headers) {
        return new ProducerRecord<>(
                resultsTopic, null, MessageKeys.job(result.jobId()), EventJson.write(result), headers);
    }
}
