package com.autobolt.kafka.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.tracing.InMemoryTracing;
import io.micrometer.tracing.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordTracingTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final InMemoryTracing memory = new InMemoryTracing();
    private final RecordTracing tracing = RecordTracing.on(memory.tracer(), memory.propagator());

    @AfterEach
    void close() {
        memory.close();
    }

    @Test
    void shouldContinueTheTraceARecordCarriesAndPutTheNewSpanOnTheNextRecord() {
        Span span = tracing.startSpan("work", headers(PARENT));
        Headers next = new RecordHeaders();
        tracing.inject(span, next);
        span.end();

        SpanData data = memory.finishedSpans().get(0);
        assertThat(data.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(data.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(RecordTracing.traceParentOf(next))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + data.getSpanId() + "-01");
    }

    @Test
    void shouldStartANewTraceForAMalformedOrOverLongTraceparent() {
        String[] malformed = {
            PARENT + "-x", // over-long
            PARENT.toUpperCase(),
            "01" + PARENT.substring(2), // unknown version
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
            "x".repeat(100_000),
            "",
        };
        for (String value : malformed) {
            Span span = tracing.startSpan("work", headers(value));
            span.end();
        }
        assertThat(memory.finishedSpans()).hasSize(malformed.length).allSatisfy(data -> {
            assertThat(data.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(data.getParentSpanContext().isValid()).isFalse();
        });
    }

    @Test
    void shouldDoNothingWhenOff() {
        RecordTracing off = RecordTracing.off();
        Span span = off.startSpan("work", headers(PARENT));
        Headers next = new RecordHeaders();
        off.inject(span, next);

        assertThat(span.isNoop()).isTrue();
        assertThat(next.toArray()).isEmpty();
        assertThat(off.traceParentOf(span)).isNull();
        assertThat(off.currentTraceParent()).isNull();
    }

    private static Headers headers(String traceParent) {
        Headers headers = new RecordHeaders();
        headers.add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
