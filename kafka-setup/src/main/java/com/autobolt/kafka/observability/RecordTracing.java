package com.autobolt.kafka.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Continues a job's trace across Kafka records: starts spans whose parent is the {@code traceparent}
 * a record (or a job row) carries, and puts the {@code traceparent} of a span on the records it
 * leads to. Only {@code traceparent} is read or written (no baggage, no B3), and a malformed or
 * over-long one is ignored: the span starts a new trace, the record is processed as any other.
 *
 * <p>{@link #off()} when tracing is not configured: every span is {@link Span#NOOP}, nothing is read
 * from or written to a record, {@link #traceParentOf} is null.
 */
public final class RecordTracing {

    private static final RecordTracing OFF = new RecordTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    private RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static RecordTracing off() {
        return OFF;
    }

    public static RecordTracing on(Tracer tracer, Propagator propagator) {
        return new RecordTracing(tracer, propagator);
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The last {@code traceparent} header of a record if well-formed, else null. */
    public static String traceParentOf(Headers headers) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(TraceParent.HEADER);
        if (header == null || header.value() == null || header.value().length != TraceParent.LENGTH) {
            return null;
        }
        return TraceParent.valid(new String(header.value(), StandardCharsets.US_ASCII));
    }

    /**
     * A started span named {@code name}, child of {@code traceParent} when that is well-formed, else
     * the root of a new trace. The caller ends it.
     */
    public Span startSpan(String name, String traceParent) {
        if (!enabled()) {
            return Span.NOOP;
        }
        String parent = TraceParent.valid(traceParent);
        Span.Builder builder = parent == null
                ? tracer.spanBuilder().setNoParent()
                : propagator.extract(parent, (carrier, key) -> TraceParent.HEADER.equals(key) ? carrier : null);
        return builder.name(name).start();
    }

    /** {@link #startSpan(String, String)} with the parent a record's headers carry. */
    public Span startSpan(String name, Headers parentHeaders) {
        return startSpan(name, enabled() ? traceParentOf(parentHeaders) : null);
    }

    /**
     * Makes the span current on this thread until closed, so that lines logged meanwhile carry its
     * {@code traceId} and {@code spanId}; nothing when tracing is off.
     */
    public Tracer.SpanInScope inScope(Span span) {
        return enabled() ? tracer.withSpan(span) : () -> {};
    }

    /** Sets the record's {@code traceparent} to the span's context; nothing when tracing is off. */
    public void inject(Span span, Headers headers) {
        String traceParent = traceParentOf(span);
        if (traceParent != null) {
            headers.remove(TraceParent.HEADER);
            headers.add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The span's context as a {@code traceparent} value, or null when tracing is off. */
    public String traceParentOf(Span span) {
        if (!enabled() || span == null || span.isNoop()) {
            return null;
        }
        StringBuilder value = new StringBuilder();
        propagator.inject(span.context(), value, (carrier, key, text) -> {
            if (TraceParent.HEADER.equals(key)) {
                carrier.append(text);
            }
        });
        return TraceParent.valid(value.toString());
    }

    /** The {@code traceparent} of the span current on this thread, or null (none, or tracing off). */
    public String currentTraceParent() {
        return enabled() ? traceParentOf(tracer.currentSpan()) : null;
    }
}
