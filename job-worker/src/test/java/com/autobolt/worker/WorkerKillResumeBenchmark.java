package com.autobolt.worker;

import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.JobState;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.bench.BenchmarkReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * How long a job stalls when a worker is killed in the middle of it: a worker in a JVM of its own
 * and a second one in this JVM share the executors' group; a job whose directories are all on the
 * first worker's task partitions is under way when the first is killed with SIGKILL; the figure is
 * the time from the kill until the job's next result (the second worker's) is readable with
 * {@code read_committed}, as the projector reads it. It covers the group noticing the dead member
 * (session timeout), the hand-over, and any transaction the dead worker left open (which holds back
 * every {@code read_committed} reader of its partitions until the broker aborts it). Not part of
 * {@code verify}; run it with the command in the module README. Writes
 * {@code bench/results/worker-kill-resume.json}.
 */
class WorkerKillResumeBenchmark {

    private static final int RUNS = 3;
    private static final int DIRECTORIES = 60;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void measureResumeAfterAKill() throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            seconds.add(measure("run" + run));
        }
        // Kafka's own defaults, as the worker ran before it set them: the comparison the figure is read against.
        double kafkaDefaults = measure(
                "defaults",
                "autobolt.worker.kafka.transaction-timeout=60s",
                "autobolt.worker.kafka.session-timeout=45s");
        BenchmarkReport report = new BenchmarkReport("worker-kill-resume");
        report.figure(
                "worker_kill_resume_s",
                seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                "s");
        report.figure(
                "worker_kill_resume_s_min",
                seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                "s");
        report.figure("worker_kill_resume_s_kafka_defaults", kafkaDefaults, "s");
        report.write();
    }

    /** One kill: seconds from SIGKILL until the job's next result is readable. */
    private static double measure(String name, String... settings) throws Exception {
        try (WorkerTestKit kit = new WorkerTestKit();
                Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.kafka().bootstrapServers()))) {
            kit.sandbox.configureDefault(SiteBehaviour.ok().withLatency(300));
            String killed = "killed-" + name;
            String survivor = "survivor-" + name;
            List<String> properties = new ArrayList<>(List.of("autobolt.worker.executor.threads=4"));
            properties.addAll(List.of(settings));
            String[] workerSettings = properties.toArray(String[]::new);
            Process first =
                    kit.startWorkerProcess(killed, Path.of("target/kill-resume-" + name + ".log"), workerSettings);
            try {
                kit.startWorker(survivor, workerSettings);
                Set<Integer> partitionsOfFirst = awaitPartitionsOf(admin, kit, killed + "-executor");
                List<String> directories = new ArrayList<>();
                for (int i = 0; directories.size() < DIRECTORIES; i++) {
                    String id = "resume-" + i;
                    if (partitionsOfFirst.contains(WorkerTestKit.taskPartitionOf(id))) {
                        kit.publishDirectory(kit.directory(id, 0, true, false, false));
                        directories.add(id);
                    }
                }
                try (KafkaConsumer<String, byte[]> results =
                        kit.resultsFromStart(WorkerTestKit.DEFAULT_MAX_POLL_RECORDS)) {
                    JobState job = kit.createJob(directories, 3);
                    // A third of the job done, by the first worker alone: the kill lands in its middle.
                    awaitResults(results, job.id(), r -> r.status().isTerminal(), DIRECTORIES / 3);

                    long killedAt = System.nanoTime();
                    first.destroyForcibly().waitFor();
                    awaitResults(results, job.id(), r -> survivor.equals(r.workerId()), 1);
                    double resumeSeconds = (System.nanoTime() - killedAt) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "%s: the job's next result %.2f s after the kill %s%n",
                            name,
                            resumeSeconds,
                            List.of(settings));
                    return Math.round(resumeSeconds * 100) / 100.0;
                }
            } finally {
                first.destroyForcibly();
            }
        }
    }

    /** The task partitions (by number) of the executor whose consumer has this client id, once both workers have some. */
    private static Set<Integer> awaitPartitionsOf(Admin admin, WorkerTestKit kit, String clientId) throws Exception {
        String group = kit.prefix + "-executors";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Collection<MemberDescription> members;
            try {
                members = admin.describeConsumerGroups(List.of(group))
                        .all()
                        .get()
                        .get(group)
                        .members();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                members = List.of();
            }
            boolean bothAssigned = members.size() == 2
                    && members.stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            if (bothAssigned) {
                return members.stream()
                        .filter(member -> member.clientId().equals(clientId))
                        .flatMap(member -> member.assignment().topicPartitions().stream())
                        .filter(partition -> partition.topic().equals(kit.tasks))
                        .map(TopicPartition::partition)
                        .collect(Collectors.toSet());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the two workers did not share the group " + group + " within " + WAIT);
    }

    /** Reads on until {@code count} more results of the job match. */
    private static void awaitResults(
            KafkaConsumer<String, byte[]> results, UUID jobId, Predicate<DirectoryResultReported> matching, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (seen < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + count + " results within " + WAIT);
            }
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(20))) {
                DirectoryResultReported result = EventJson.read(record.value(), DirectoryResultReported.class);
                if (result.jobId().equals(jobId) && matching.test(result)) {
                    seen++;
                }
            }
        }
    }
}
