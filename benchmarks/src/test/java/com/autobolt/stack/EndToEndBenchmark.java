package com.autobolt.stack;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's end-to-end benchmark: AutoBolt's whole stack and three peers (JobRunr, db-scheduler, a plain
 * {@code FOR UPDATE SKIP LOCKED} queue), one after another on the same machine, the same work, the same
 * sandbox and the same PostgreSQL server, in two rounds (sites answering at once, and in 100 ms), 16
 * submitting threads for each. See {@code benchmarks/README.md}. Writes {@code bench/results/e2e.json}
 * ({@code -Dbench.quick=true}: a smoke run of 4 starter jobs, {@code bench/results/e2e-quick.json}).
 * Fails if any system's results or progress are not exact.
 */
class EndToEndBenchmark {

    private static final boolean QUICK = Boolean.getBoolean("bench.quick");
    /**
     * AutoBolt alone ({@code -Dbench.autoboltOnly=true}), to profile it: no peers, and the report names
     * only its figures ({@code bench/results/e2e-autobolt.json}).
     */
    private static final boolean AUTOBOLT_ONLY = Boolean.getBoolean("bench.autoboltOnly");
    /** 40 jobs of 300 directories: 250 is no package size (PackageType), professional's 300 the nearest. */
    private static final int JOBS = Integer.getInteger("bench.jobs", QUICK ? 4 : 40);

    private static final int DIRECTORIES = QUICK ? 50 : 300;
    private static final int THREADS = 16;
    /** AutoBolt's 16 threads: two workers of 8 (executor.threads' default). */
    private static final int WORKERS = 2;

    /** {@code -Dbench.latencies=0} runs only the round that is bound by CPU. */
    private static final List<Integer> LATENCIES_MS = java.util.Arrays.stream(
                    System.getProperty("bench.latencies", "0,100").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();

    /**
     * Jobs of {@link #DIRECTORIES} that each system runs, with sites answering at once, before its first
     * round (not measured): the rounds measure a system that has been running, as a service is, not its
     * first seconds after a start. Measured: AutoBolt's six processes compiling their hot code made its
     * first 0 ms round after a start 553/s (10 % of the submissions at +5.2 s), its second and third 704/s
     * and 735/s (+2.1 s, +1.8 s).
     */
    private static final int WARM_UP_JOBS = Integer.getInteger("bench.warmUpJobs", QUICK ? 1 : 10);

    private static final int STARTER_DIRECTORIES = 50;
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(QUICK ? 3 : 10);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(QUICK ? 10 : 60);
    private static final List<String> PEERS =
            AUTOBOLT_ONLY ? List.of() : List.of("jobrunr", "dbscheduler", "skiplocked");
    private static final String PEER_DATABASE = "bench_peers";
    private static final String PEER_ROLE = "bench_peer";

    private final Map<String, Double> directoriesPerSecond = new LinkedHashMap<>();
    private final Map<String, Long> cpuTicks = new LinkedHashMap<>();
    private final Map<String, Long> submissions = new LinkedHashMap<>();
    private final Map<String, Long> duplicates = new LinkedHashMap<>();
    private final List<Double> firstProgressMs = new CopyOnWriteArrayList<>();
    private final List<Double> starterJobSeconds = new CopyOnWriteArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private LocalStack stack;
    private ApiClient sandbox;
    private Path postmasterPid;
    private List<String> directories;
    private final java.util.concurrent.atomic.AtomicInteger profiles = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void measureAutoBoltAgainstThePeers() throws Exception {
        Path directory = Files.createTempDirectory("e2e-");
        stack = LocalStack.start(settings(directory));
        try {
            sandbox =
                    new ApiClient("http://127.0.0.1:" + stack.settings().ports().sandbox(), "");
            directories = plainDirectories(DIRECTORIES);
            postmasterPid = findPostmasterPid(stack.settings().dataDirectory());

            AutoBoltUnderTest autobolt = new AutoBoltUnderTest(stack);
            try (LiveJobEvents events =
                            new LiveJobEvents(stack.apiBaseUrl(), stack.keys().staff());
                    autobolt) {
                Thread.sleep(2000); // the stream's subscription is in place before the first job
                warmUp(autobolt);
                for (int latency : LATENCIES_MS) {
                    round(autobolt, latency, events);
                }
            }
            String jdbcUrl = PEERS.isEmpty() ? null : createPeerDatabase();
            String sandboxUrl = "http://127.0.0.1:" + stack.settings().ports().sandbox();
            for (String peer : PEERS) {
                try (PeerUnderTest system = PeerUnderTest.start(
                        peer, jdbcUrl, PEER_ROLE, PEER_ROLE, sandboxUrl, THREADS, directory.resolve(peer + ".log"))) {
                    warmUp(system);
                    for (int latency : LATENCIES_MS) {
                        round(system, latency, null);
                    }
                }
            }
            report();
        } finally {
            stack.stop();
            System.out.println("logs kept in " + directory.resolve("logs"));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("results or progress not exact:\n" + String.join("\n", problems));
        }
    }

    /**
     * One round of one system: a warm-up job (not measured), then the jobs, created one after another
     * through the system's front door, until every one has ended; for AutoBolt with sites answering in
     * 100 ms, starter jobs created every {@link #PROBE_INTERVAL} meanwhile, counted in the work too.
     */
    private void round(SystemUnderTest system, int latencyMs, LiveJobEvents events) throws Exception {
        String round = system.name() + "_" + latencyMs + "ms";
        answerIn(latencyMs);
        SystemUnderTest.Customer warmUpCustomer = customer(system);
        String warmUp = system.createJob(warmUpCustomer, directories.subList(0, STARTER_DIRECTORIES));
        awaitEnded(system, List.of(warmUp), round + " warm-up");
        forgetSubmissions();

        List<SystemUnderTest.Customer> customers =
                IntStream.range(0, JOBS).mapToObj(i -> customer(system)).toList();
        Map<String, Integer> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, Long> createdNanos = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> probes = new CopyOnWriteArrayList<>();
        Map<String, Long> cpuBefore = cpu(system);
        // A mark for a profiler to start recording at (the warm-up and the start are behind).
        System.out.println(round + ": warm-up done, creating " + JOBS + " jobs");
        long started = System.nanoTime();
        SubmissionTimeline timeline = SubmissionTimeline.start(sandbox, started, (long) JOBS * directories.size());
        for (SystemUnderTest.Customer customer : customers) {
            String job = system.createJob(customer, directories);
            createdNanos.put(job, System.nanoTime());
            jobs.put(job, directories.size());
        }
        long allCreated = System.nanoTime();
        boolean probing = events != null && latencyMs == 100;
        Thread prober = probing ? startProber(system, jobs, createdNanos, probes) : null;
        List<String> main = List.copyOf(jobs.keySet());
        awaitEnded(system, main, round);
        if (prober != null) {
            prober.interrupt();
            prober.join();
        }
        List<String> all = List.copyOf(jobs.keySet());
        awaitEnded(system, all, round + " starter jobs");
        long ended = System.nanoTime();
        timeline.close();
        Map<String, Long> cpuAfter = cpu(system);
        long ticks = cpuAfter.values().stream().mapToLong(Long::longValue).sum()
                - cpuBefore.values().stream().mapToLong(Long::longValue).sum();

        double seconds = (ended - started) / 1e9;
        int work = jobs.values().stream().mapToInt(Integer::intValue).sum();
        JsonNode stats = sandbox.get("/submissions/stats").body();
        long submitted = stats.get("submissions").asLong();
        directoriesPerSecond.put(round, work / seconds);
        cpuTicks.merge(system.name(), ticks, Long::sum);
        submissions.merge(system.name(), submitted, Long::sum);
        duplicates.merge(system.name(), stats.get("duplicates").asLong(), Long::sum);
        if (stats.get("distinctKeys").asLong() != work) {
            problems.add(round + ": the sandbox saw " + stats.get("distinctKeys") + " distinct submissions of " + work);
        }
        problems.addAll(system.inexact(jobs));
        if (events != null) {
            for (String job : main) {
                Long first = events.firstProgressNanos(job);
                if (first == null) {
                    problems.add(round + ": no progress of job " + job + " on the live stream");
                } else {
                    firstProgressMs.add((first - createdNanos.get(job)) / 1e6);
                }
            }
            for (String probe : probes) {
                Long complete = events.completeNanos(probe);
                if (complete == null) {
                    problems.add(round + ": starter job " + probe + " never reached 100 % on the live stream");
                } else {
                    starterJobSeconds.add((complete - createdNanos.get(probe)) / 1e9);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d directories in %.1f s = %.1f/s, %d submissions (%d duplicates), CPU %.1f s (%.2f ms a submission),"
                        + " load %.1f;%s%n",
                round,
                work,
                seconds,
                work / seconds,
                submitted,
                stats.get("duplicates").asLong(),
                ticks / ProcessCpu.TICKS_PER_SECOND,
                ticks * 1000 / ProcessCpu.TICKS_PER_SECOND / Math.max(1, submitted),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                split(cpuBefore, cpuAfter, ticks));
        System.out.println(round + ": " + timeline.summary(allCreated, ended) + " " + system.diagnostics(all));
    }

    /** {@link #WARM_UP_JOBS} jobs with sites answering at once, run to their end and forgotten. */
    private void warmUp(SystemUnderTest system) throws Exception {
        answerIn(0);
        long started = System.nanoTime();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < WARM_UP_JOBS; i++) {
            jobs.add(system.createJob(customer(system), directories));
        }
        awaitEnded(system, jobs, system.name() + " warm-up");
        forgetSubmissions();
        System.out.printf(
                Locale.ROOT,
                "%s: warmed up with %d jobs in %.1f s%n",
                system.name(),
                jobs.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Every directory of the work answers in this many milliseconds from now on. */
    private void answerIn(int latencyMs) {
        for (String id : directories) {
            if (sandbox.put("/directories/" + id, SiteBehaviour.ok().withLatency(latencyMs))
                                    .status()
                            / 100
                    != 2) {
                throw new IllegalStateException("the sandbox refused the behaviour of " + id);
            }
        }
    }

    /**
     * Starter jobs, the first at once, then one every {@link #PROBE_INTERVAL} until interrupted (the round's
     * jobs have ended).
     */
    private Thread startProber(
            SystemUnderTest system, Map<String, Integer> jobs, Map<String, Long> createdNanos, List<String> probes) {
        List<String> starter = directories.subList(0, STARTER_DIRECTORIES);
        Thread prober = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            SystemUnderTest.Customer customer = customer(system);
                            String job = system.createJob(customer, starter);
                            createdNanos.put(job, System.nanoTime());
                            jobs.put(job, starter.size());
                            probes.add(job);
                            Thread.sleep(PROBE_INTERVAL.toMillis());
                        }
                    } catch (InterruptedException e) {
                        // the round's jobs have ended
                    }
                },
                "starter-jobs");
        prober.start();
        return prober;
    }

    private SystemUnderTest.Customer customer(SystemUnderTest system) {
        int n = profiles.incrementAndGet();
        String slug = "e2e-business-" + n;
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("businessName", "E2E Business " + n);
        profile.put("email", "owner@" + slug + ".example.com");
        profile.put("website", "https://" + slug + ".example.com");
        profile.put("phone", "+1 555 010 " + String.format("%04d", n % 10_000));
        profile.put("city", "Springfield");
        profile.put("category", "retail");
        profile.put("description", "A local business listed by the end-to-end benchmark.");
        if (system instanceof AutoBoltUnderTest autobolt) {
            return autobolt.createCustomer(profile, packageOf(DIRECTORIES));
        }
        return new SystemUnderTest.Customer(null, profile);
    }

    private static void awaitEnded(SystemUnderTest system, List<String> jobs, String what) throws Exception {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (system.ended(jobs) < jobs.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + (jobs.size() - system.ended(jobs)) + " of " + jobs.size()
                        + " jobs still running after " + ROUND_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    /**
     * CPU ticks of each of the system's processes and of the PostgreSQL server ({@code postgresql}), which
     * only one system uses at a time.
     */
    private Map<String, Long> cpu(SystemUnderTest system) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        system.processes().forEach((name, pids) -> ticks.put(name, ProcessCpu.ticks(pids)));
        ticks.put("postgresql", ProcessCpu.ticks(ProcessCpu.withChildren(postmasterPid())));
        return ticks;
    }

    /** Each process's CPU seconds in the round and its share: where the system's time went. */
    private static String split(Map<String, Long> before, Map<String, Long> after, long total) {
        StringBuilder text = new StringBuilder();
        after.forEach((name, ticks) -> text.append(String.format(
                Locale.ROOT,
                " %s %.1f s (%.0f %%)",
                name,
                (ticks - before.getOrDefault(name, 0L)) / ProcessCpu.TICKS_PER_SECOND,
                100.0 * (ticks - before.getOrDefault(name, 0L)) / Math.max(1, total))));
        return text.toString();
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + postmasterPid, e);
        }
    }

    private static Path findPostmasterPid(Path dataDirectory) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dataDirectory.resolve("postgres"), 3)) {
            return files.filter(file -> file.getFileName().toString().equals("postmaster.pid"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no postmaster.pid below " + dataDirectory));
        }
    }

    /** The peers' database (their schemas in it) and role, in the stack's PostgreSQL server; its JDBC URL. */
    private String createPeerDatabase() throws SQLException {
        try (Connection connection = stack.connectDatabase();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + PEER_ROLE + " LOGIN PASSWORD '" + PEER_ROLE + "'");
            statement.execute("CREATE DATABASE " + PEER_DATABASE + " OWNER " + PEER_ROLE);
        }
        return "jdbc:postgresql://127.0.0.1:" + stack.settings().ports().postgres() + "/" + PEER_DATABASE;
    }

    private void report() {
        BenchmarkReport report = new BenchmarkReport(AUTOBOLT_ONLY ? "e2e-autobolt" : QUICK ? "e2e-quick" : "e2e");
        for (int latency : LATENCIES_MS) {
            String suffix = "_" + latency + "ms";
            for (String system : systems()) {
                report.figure(
                        system + "_e2e_directories_per_s" + suffix,
                        directoriesPerSecond.get(system + suffix),
                        "directories/s");
            }
        }
        for (int latency : PEERS.isEmpty() ? List.<Integer>of() : LATENCIES_MS) {
            String suffix = "_" + latency + "ms";
            double bestPeer = PEERS.stream()
                    .mapToDouble(peer -> directoriesPerSecond.get(peer + suffix))
                    .max()
                    .orElseThrow();
            report.figure(
                    "autobolt_vs_best_peer" + suffix, directoriesPerSecond.get("autobolt" + suffix) / bestPeer, "x");
        }
        for (String system : systems()) {
            report.figure(
                    system + "_cpu_ms_per_submission",
                    cpuTicks.get(system) * 1000 / ProcessCpu.TICKS_PER_SECOND / submissions.get(system),
                    "ms");
        }
        if (!starterJobSeconds.isEmpty()) {
            report.figure("autobolt_job_p99_s_100ms", p99(starterJobSeconds), "s");
        }
        report.figure("autobolt_first_progress_p99_ms", p99(firstProgressMs), "ms");
        for (String system : systems()) {
            report.figure(system + "_duplicate_submissions", duplicates.get(system), "submissions");
        }
        report.write();
    }

    private static List<String> systems() {
        List<String> systems = new ArrayList<>(List.of("autobolt"));
        systems.addAll(PEERS);
        return systems;
    }

    private static double p99(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no values for a p99");
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    }

    static String packageOf(int directories) {
        return switch (directories) {
            case 50 -> "starter";
            case 100 -> "growth";
            case 300 -> "professional";
            case 500 -> "enterprise";
            default -> throw new IllegalArgumentException("no package has " + directories + " directories");
        };
    }

    /**
     * Demo directories without a minimum interval, a login or a captcha (see DemoCatalog): every task is
     * one submission, and no directory is rate-limited for any system.
     */
    private static List<String> plainDirectories(int count) {
        List<String> ids = IntStream.rangeClosed(1, DemoCatalog.SIZE)
                .filter(i -> i % 20 != 0 && i % 97 != 0 && i % 89 != 0)
                .mapToObj(i -> String.format("demo-%03d", i))
                .limit(count)
                .toList();
        if (ids.size() != count) {
            throw new IllegalStateException("the demo catalog has only " + ids.size() + " plain directories");
        }
        return ids;
    }

    /** As {@code ./autobolt up --workers=2}: one Kafka node, two workers, one projector, on free ports. */
    private static StackSettings settings(Path stackDirectory) {
        int[] free = PortCheck.distinctFreePorts(7);
        StackSettings.Ports ports = new StackSettings.Ports(
                free[0],
                free[1],
                free[2],
                List.of(free[3]),
                List.of(free[4]),
                freeWithActuator(WORKERS, free),
                freeWithActuator(1, free));
        return new StackSettings(
                Path.of("..").toAbsolutePath().normalize(),
                stackDirectory,
                ports,
                false,
                StackSettings.DEFAULT_JAVA_OPTIONS);
    }

    private static final List<Integer> TAKEN = new ArrayList<>();

    /** Free service ports whose actuator port is free too, none of them among {@code others} or taken before. */
    private static List<Integer> freeWithActuator(int count, int[] others) {
        List<Integer> ports = new ArrayList<>();
        for (int other : others) {
            TAKEN.add(other);
        }
        while (ports.size() < count) {
            int port = PortCheck.distinctFreePorts(1)[0];
            int actuator = StackSettings.Ports.managementPort(port);
            if (actuator <= 65535 && !TAKEN.contains(port) && !TAKEN.contains(actuator) && PortCheck.isFree(actuator)) {
                TAKEN.add(port);
                TAKEN.add(actuator);
                ports.add(port);
            }
        }
        return ports;
    }

    /** Forgets the sandbox's recorded submissions ({@code DELETE /submissions}), so it counts one round's. */
    private void forgetSubmissions() throws Exception {
        int status = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                        + stack.settings().ports().sandbox() + "/submissions"))
                                .DELETE()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status / 100 != 2) {
            throw new IllegalStateException("DELETE /submissions answered " + status);
        }
    }
}
