package com.autobolt.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The seeded plan of faults: the same seed, fault kinds and stack shape give the same faults, targets,
 * times and durations. Gaps between fault starts are drawn from 3 to 15 s, so that over 150 faults fall in
 * 30 minutes. Faults overlap, but a target is never faulted twice at once, at most one Kafka node is
 * down or paused at a time (the quorum of three keeps two), the database faults (restart, latency,
 * drops) never overlap each other, nor do the faults on the services' path to Kafka (target {@link
 * #KAFKA_PATH}, all nodes' proxies at once). How long a killed process takes to start again is not known in advance:
 * the plan reserves {@link #RESTART_ALLOWANCE} for it, and the nemesis waits for a target still busy.
 */
final class FaultSchedule {

    /** The workers' and projectors' consumer session timeout is 10 s: a pause must outlast it. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    static final Duration RESTART_ALLOWANCE = Duration.ofSeconds(45);

    /** The target of the faults between the services and Kafka: every node's proxy, together. */
    static final String KAFKA_PATH = "kafka";

    private FaultSchedule() {}

    static List<Fault> plan(
            long seed, Duration length, Set<FaultKind> kinds, int brokers, int workers, int projectors) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> services = new ArrayList<>();
        services.add("job-api");
        for (int n = 1; n <= workers; n++) {
            services.add("job-worker-" + n);
        }
        for (int n = 1; n <= projectors; n++) {
            services.add("progress-projector-" + n);
        }
        // The stack's reference worker over HTTP: killed, its leases expire and are leased again; paused, its
        // late reports are refused.
        services.add("http-worker");
        List<String> nodes = new ArrayList<>();
        for (int n = 1; n <= brokers && brokers >= 3; n++) {
            nodes.add("kafka-" + n);
        }
        List<FaultKind> kindList = List.copyOf(kinds);
        java.util.Map<String, Long> busyUntilMs = new java.util.HashMap<>();
        List<Fault> faults = new ArrayList<>();
        long at = 20_000 + random.nextLong(10_000);
        int attempts = 0;
        while (at < length.toMillis() && attempts < 10_000) {
            attempts++;
            FaultKind kind = kindList.get(random.nextInt(kindList.size()));
            long hold;
            long latency = 0;
            List<String> candidates = new ArrayList<>();
            long restart = 0;
            switch (kind) {
                case KILL -> {
                    hold = random.nextLong(0, 5_000);
                    restart = RESTART_ALLOWANCE.toMillis();
                    candidates.addAll(services);
                    candidates.addAll(nodes);
                }
                case PAUSE -> {
                    hold = SESSION_TIMEOUT.toMillis() + random.nextLong(2_000, 15_000);
                    candidates.addAll(services);
                    candidates.addAll(nodes);
                }
                case POSTGRES -> {
                    hold = random.nextLong(0, 3_000);
                    restart = 10_000;
                    candidates.add("postgres");
                }
                case LATENCY -> {
                    hold = random.nextLong(5_000, 30_000);
                    latency = random.nextLong(20, 600);
                    candidates.add("postgres");
                }
                case DROP -> {
                    hold = random.nextLong(1_000, 10_000);
                    candidates.add("postgres");
                }
                case KAFKA_LATENCY -> {
                    hold = random.nextLong(5_000, 30_000);
                    latency = random.nextLong(20, 600);
                    candidates.add(KAFKA_PATH);
                }
                case KAFKA_DROP -> {
                    hold = random.nextLong(1_000, 10_000);
                    candidates.add(KAFKA_PATH);
                }
                default -> throw new IllegalStateException(kind.name());
            }
            final long now = at;
            // One Kafka node out at a time: every node counts as busy while any of them is.
            long kafkaBusy = nodes.stream()
                    .mapToLong(n -> busyUntilMs.getOrDefault(n, 0L))
                    .max()
                    .orElse(0);
            List<String> free = candidates.stream()
                    .filter(t -> busyUntilMs.getOrDefault(t, 0L) <= now)
                    .filter(t -> !nodes.contains(t) || kafkaBusy <= now)
                    .toList();
            if (!free.isEmpty()) {
                String target = free.get(random.nextInt(free.size()));
                faults.add(new Fault(
                        faults.size() + 1,
                        kind,
                        target,
                        Duration.ofMillis(at),
                        Duration.ofMillis(hold),
                        Duration.ofMillis(latency)));
                busyUntilMs.put(target, at + hold + restart + 2_000);
            }
            // No free target for this kind: draw again a second later rather than leave a whole gap empty.
            at += free.isEmpty() ? 1_000 : random.nextLong(3_000, 15_000);
        }
        return faults;
    }
}
