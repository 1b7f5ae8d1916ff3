package com.autobolt.nemesis;

import com.autobolt.stack.LocalStack;
import com.autobolt.stack.StackSettings;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The nemesis soak ({@code ./autobolt soak}, see nemesis/README.md): starts the stack as {@code ./autobolt up
 * --brokers=3} does (its own directory and ports, every service's connection to PostgreSQL and to each Kafka
 * node through a proxy),
 * runs a steady mixed load while a seeded nemesis injects faults, then stops the faults, waits until the
 * system is quiet, checks the invariants and writes {@code bench/results/nemesis.json}. Exits 1 on any
 * violation.
 */
public final class Soak {

    /**
     * Soak ports: the defaults of ./autobolt up plus 20000, so that a soak runs beside a stack that is up;
     * {@code AUTOBOLT_SOAK_PORT_SHIFT} moves them, e.g. for a second soak beside the first.
     */
    private static final int DEFAULT_PORT_SHIFT = 20_000;

    private static final Duration QUIET_TIMEOUT = Duration.ofMinutes(10);

    private Soak() {}

    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args, new java.util.SplittableRandom().nextLong(1, 1L << 40));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    private static boolean run(SoakOptions options) throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("AUTOBOLT_HOME", "."))
                .toAbsolutePath()
                .normalize();
        StackSettings settings = settings(home, options);
        List<Fault> plan = FaultSchedule.plan(
                options.seed(), options.faultTime(), options.faults(), 3, options.workers(), options.projectors());
        System.out.printf(
                Locale.ROOT,
                "nemesis soak: seed %d, %s of faults (%d planned: %s), %d workers, %d projectors, stack in %s%n"
                        + "replay: ./autobolt soak --seed=%d --minutes=%s --faults=%s --workers=%d --projectors=%d%n",
                options.seed(),
                Fault.seconds(options.faultTime()),
                plan.size(),
                options.faults(),
                options.workers(),
                options.projectors(),
                settings.stackDirectory(),
                options.seed(),
                trimmed(options.faultTime().toSeconds() / 60.0),
                String.join(
                        ",",
                        options.faults().stream().map(FaultKind::optionName).toList()),
                options.workers(),
                options.projectors());
        int proxyPort = settings.ports().postgres() + 1;
        StackSettings.ServiceKafkaListeners kafkaListeners = serviceKafkaListeners(settings.ports());
        try (FaultyProxy proxy = new FaultyProxy(proxyPort, settings.ports().postgres());
                KafkaProxies kafkaProxies = KafkaProxies.open(kafkaListeners);
                LocalStack stack = LocalStack.start(
                        settings.withServicePostgresPort(proxyPort).withServiceKafkaListeners(kafkaListeners))) {
            Load.prepareDirectories(stack);
            long runStartWall = System.currentTimeMillis();
            FaultLog log = new FaultLog(System.nanoTime());
            log.print("stack up; load and faults start");
            Observer observer = new Observer(stack, log);
            observer.start();
            Load load = new Load(stack, options.seed(), log);
            load.start();
            Nemesis nemesis = new Nemesis(stack, proxy, kafkaProxies.proxies(), log);
            nemesis.start(plan);

            Thread.sleep(options.faultTime().toMillis());
            log.print("fault time over: no new faults; waiting for the ones under way to heal");
            nemesis.stopAndHeal();
            load.stop();
            log.print("faults stopped, load stopped: " + load.summary());
            awaitQuiet(stack, log);
            long checkStart = log.elapsedNanos();
            observer.stop();

            List<String> violations =
                    new Checker(stack, log, runStartWall, settings.logDirectory()).check(observer.backwards());
            List<FaultLog.Entry> faults = log.entries();
            System.out.println("\n=== fault log (seed " + options.seed() + ") ===");
            faults.forEach(e -> System.out.printf(
                    Locale.ROOT,
                    "#%-4d %s .. %s  %s %s%n",
                    e.fault().number(),
                    log.stamp(e.startNanos()),
                    log.stamp(e.endNanos()),
                    e.fault().describe(),
                    e.outcome()));
            double recoveryP99 = recoveryP99Seconds(faults, observer.projectionChanges(), checkStart, log);
            System.out.println("\n=== invariant violations: " + violations.size() + " ===");
            violations.forEach(v -> System.out.println("VIOLATION " + v));
            new BenchmarkReport("nemesis")
                    .figure("nemesis_faults_injected", faults.size(), "faults")
                    .figure("nemesis_jobs", jobCount(stack), "jobs")
                    .figure("nemesis_invariant_violations", violations.size(), "violations")
                    .figure("nemesis_recovery_p99_s", recoveryP99, "s")
                    .write();
            System.out.println("seed " + options.seed() + (violations.isEmpty() ? ": PASSED" : ": FAILED"));
            return violations.isEmpty();
        }
    }

    static StackSettings settings(Path home, SoakOptions options) {
        String shift = System.getenv("AUTOBOLT_SOAK_PORT_SHIFT");
        return settings(
                home,
                home.resolve(".autobolt").resolve("soak"),
                shift == null || shift.isBlank() ? DEFAULT_PORT_SHIFT : Integer.parseInt(shift.trim()),
                options.workers(),
                options.projectors());
    }

    /** A three-node stack on the ports of {@code ./autobolt up} plus {@code portShift}, emptied at its start. */
    static StackSettings settings(Path home, Path stackDirectory, int portShift, int workers, int projectors) {
        StackSettings.Ports ports = new StackSettings.Ports(
                5433 + portShift,
                8089 + portShift,
                8080 + portShift,
                instances(9094 + portShift, 3),
                instances(9095 + portShift, 3),
                instances(8081 + portShift, workers),
                instances(8082 + portShift, projectors));
        return new StackSettings(home, stackDirectory, ports, true, StackSettings.DEFAULT_JAVA_OPTIONS);
    }

    /**
     * The services' own listener of each Kafka node two ports above the node's, and its proxy three above
     * (the controller takes the port above the node's).
     */
    static StackSettings.ServiceKafkaListeners serviceKafkaListeners(StackSettings.Ports ports) {
        return new StackSettings.ServiceKafkaListeners(
                ports.kafka().stream().map(port -> port + 2).toList(),
                ports.kafka().stream().map(port -> port + 3).toList());
    }

    private static List<Integer> instances(int first, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> first + 100 * i)
                .toList();
    }

    /**
     * Waits until every job is terminal (or held) and no new result has been projected for 15 s, at most
     * {@link #QUIET_TIMEOUT}, printing what is still moving every 15 s.
     */
    private static void awaitQuiet(LocalStack stack, FaultLog log) throws Exception {
        long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
        String lastState = "";
        long stableSince = System.nanoTime();
        long lastPrint = 0;
        while (System.nanoTime() < deadline) {
            String state;
            long open;
            try (Connection db = stack.connectDatabase();
                    Statement statement = db.createStatement();
                    ResultSet row = statement.executeQuery("""
                            SELECT (SELECT count(*) FROM jobs
                                    WHERE status NOT IN ('complete', 'failed', 'cancelled') AND NOT dispatch_held),
                                   (SELECT count(*) FROM job_results WHERE status IN ('pending', 'claimed')),
                                   (SELECT count(*) || '/' || max(updated_at) FROM job_results)""")) {
                row.next();
                open = row.getLong(1);
                state = open + " jobs open, " + row.getLong(2) + " tasks pending or claimed";
                String fingerprint = state + row.getString(3);
                if (!fingerprint.equals(lastState)) {
                    lastState = fingerprint;
                    stableSince = System.nanoTime();
                }
            }
            if (open == 0 && System.nanoTime() - stableSince > 15_000_000_000L) {
                log.print("quiet: " + state);
                return;
            }
            if (System.nanoTime() - lastPrint > 15_000_000_000L) {
                log.print("waiting for quiet: " + state);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1_000);
        }
        log.print("not quiet after " + QUIET_TIMEOUT.toMinutes() + " minutes; checking what is there");
    }

    /**
     * For each fault, the time from its end to the next result projected after it (nearest-rank p99). A
     * fault after which nothing was projected before the check (no work left) is left out, and said so.
     */
    static double recoveryP99Seconds(List<FaultLog.Entry> faults, List<Long> changes, long until, FaultLog log) {
        List<Long> sortedChanges = changes.stream().sorted().toList();
        List<Long> recoveries = new java.util.ArrayList<>();
        int without = 0;
        for (FaultLog.Entry fault : faults) {
            Long next = sortedChanges.stream()
                    .filter(t -> t > fault.endNanos() && t <= until)
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                without++;
            } else {
                recoveries.add(next - fault.endNanos());
            }
        }
        if (without > 0) {
            log.print(without + " faults had no result projected after them; left out of the recovery figure");
        }
        if (recoveries.isEmpty()) {
            return 0;
        }
        recoveries.sort(Long::compare);
        int rank = (int) Math.ceil(0.99 * recoveries.size());
        return recoveries.get(Math.max(0, rank - 1)) / 1e9;
    }

    private static long jobCount(LocalStack stack) throws Exception {
        try (Connection db = stack.connectDatabase();
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM jobs")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String trimmed(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
