package com.autobolt.api.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "operations")
class OperationsController {

    private static final String KAFKA_OFF = "reading Kafka is off here (autobolt.operations.kafka-enabled=false)";

    private final SubmissionFigures submissions;
    private final Optional<BreakerView> breakers;
    private final Optional<KafkaFigures> kafka;
    private final OperationsProperties properties;

    OperationsController(
            SubmissionFigures submissions,
            Optional<BreakerView> breakers,
            Optional<KafkaFigures> kafka,
            OperationsProperties properties) {
        this.submissions = submissions;
        this.breakers = breakers;
        this.kafka = kafka;
        this.properties = properties;
    }

    @GetMapping("/api/operations")
    @Operation(
            summary = "The operations view (staff, admin): submissions per minute over the last hour, the busiest"
                    + " directories' success and latency, open breakers, consumer lag, dead letters",
            description = "Submissions count results that ended submitted or failed, at the minute of their"
                    + " last event. Latency is the result's durationMs (first try to outcome, retries included)."
                    + " Lag and dead letters are refreshed from Kafka at most every autobolt.operations.kafka-cache"
                    + " (5 s); when Kafka does not answer, kafka.available is false and kafka.problem says why.")
    public OperationsView operations() {
        SubmissionFigures.Figures figures = submissions.lastHour();
        return new OperationsView(
                Instant.now(),
                new OperationsView.Window(figures.from(), SubmissionFigures.MINUTES),
                figures.perMinute(),
                new OperationsView.Directories(properties.topDirectories(), figures.directories()),
                breakers.map(OperationsController::breakers)
                        .orElseGet(() -> new OperationsView.Breakers(
                                false, properties.breakersTopic(), KAFKA_OFF, 0, 0, null, List.of())),
                kafka.map(OperationsController::kafka)
                        .orElseGet(() -> new OperationsView.Kafka(false, KAFKA_OFF, null, List.of(), List.of())));
    }

    private static OperationsView.Breakers breakers(BreakerView view) {
        BreakerView.Snapshot snapshot = view.snapshot();
        return new OperationsView.Breakers(
                snapshot.following(),
                snapshot.topic(),
                snapshot.problem(),
                snapshot.recordsRead(),
                snapshot.recordsSkipped(),
                snapshot.lastSkipReason(),
                snapshot.notClosed().stream()
                        .map(b -> new OperationsView.Breaker(
                                b.workerId(),
                                b.directoryId(),
                                b.state().value(),
                                b.since(),
                                b.reasonCode(),
                                b.expiresAt()))
                        .toList());
    }

    private static OperationsView.Kafka kafka(KafkaFigures figures) {
        KafkaFigures.Figures current = figures.current();
        return new OperationsView.Kafka(
                current.available(),
                current.problem(),
                current.fetchedAt(),
                current.groups().stream()
                        .map(g -> new OperationsView.ConsumerGroup(
                                g.group(), g.hasOffsets(), g.partitions(), g.lag(), g.lagByTopic()))
                        .toList(),
                current.deadLetters().stream()
                        .map(d -> new OperationsView.DeadLetterTopic(d.topic(), d.sourceTopic(), d.records()))
                        .toList());
    }
}
