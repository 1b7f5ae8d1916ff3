package com.autobolt.projector.progress;

import com.autobolt.kafka.observability.RecordTracing;
import io.micrometer.tracing.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The spans of one batch's projection: one per job in the batch, in that job's trace, covering the
 * batch's database transaction. A batch mixes jobs, so one span for the batch could sit in one job's
 * trace only (or in none, with links that trace views rarely follow); a span per job puts the write
 * into each job's own trace. Every result of a job carries the job's one trace (from its creation),
 * so the span's parent is the {@code traceparent} of the job's last result in the batch that has a
 * well-formed one (its latest submission); a job whose results carry none starts a trace of its own.
 * Bounded by the batch: at most one span per result.
 */
final class ProjectionSpans {

    static final String SPAN = "autobolt.project";
    static final String JOB_ATTRIBUTE = "autobolt.job.id";
    static final String RESULTS_ATTRIBUTE = "autobolt.results";

    private final List<Span> spans;

    private ProjectionSpans(List<Span> spans) {
        this.spans = spans;
    }

    static ProjectionSpans start(RecordTracing tracing, List<IncomingResult> results) {
        if (!tracing.enabled() || results.isEmpty()) {
            return new ProjectionSpans(List.of());
        }
        Map<UUID, String> parents = new LinkedHashMap<>();
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        for (IncomingResult result : results) {
            UUID job = result.event().jobId();
            counts.merge(job, 1, Integer::sum);
            String traceParent = RecordTracing.traceParentOf(result.record().headers());
            if (traceParent != null || !parents.containsKey(job)) {
                parents.put(job, traceParent != null ? traceParent : parents.get(job));
            }
        }
        List<Span> spans = new ArrayList<>(parents.size());
        parents.forEach((job, parent) -> spans.add(tracing.startSpan(SPAN, parent)
                .tag(JOB_ATTRIBUTE, job.toString())
                .tag(RESULTS_ATTRIBUTE, counts.get(job))));
        return new ProjectionSpans(spans);
    }

    /** The batch is committed (or set aside): the spans end. */
    void end() {
        spans.forEach(Span::end);
    }

    /** The batch failed and will be tried again. */
    void failed(RuntimeException e) {
        spans.forEach(span -> span.error(e).end());
    }
}
