package com.autobolt.worker.config;

import com.autobolt.schemas.Topics;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings ({@code autobolt.worker.*}); each has a safe local default and an environment
 * override ({@code AUTOBOLT_WORKER_EXECUTOR_THREADS}, ...).
 *
 * @param workerId names this instance in {@code claimed} events; default host name and pid
 */
@ConfigurationProperties("autobolt.worker")
public record WorkerProperties(
        String workerId,
        @DefaultValue Topic topics,
        @DefaultValue Dispatcher dispatcher,
        @DefaultValue Executor executor,
        @DefaultValue Kafka kafka,
        @DefaultValue Http http,
        @DefaultValue Egress egress,
        @DefaultValue Metrics metrics,
        @DefaultValue Breakers breakers) {

    public WorkerProperties {
        workerId = workerId == null || workerId.isBlank() ? defaultWorkerId() : workerId;
    }

    private static String defaultWorkerId() {
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + pid;
        } catch (UnknownHostException e) {
            return "worker-" + pid;
        }
    }

    /** Topic names; overridable so tests and staging can run side by side on one broker. */
    public record Topic(
            @DefaultValue(Topics.JOBS) String jobs,
            @DefaultValue(Topics.DIRECTORIES) String directories,
            @DefaultValue(Topics.DIRECTORY_TASKS) String tasks,
            @DefaultValue(Topics.DIRECTORY_TASKS_PRIORITY) String priorityTasks,
            @DefaultValue(Topics.DIRECTORY_TASKS_EXTERNAL) String externalTasks,
            @DefaultValue(Topics.DIRECTORY_RESULTS) String results,
            @DefaultValue("autobolt.dispatch-log") String dispatchLog) {

        /** The task topic of a directory of this execution mode for a job of this priority. */
        public String tasksFor(int priority, boolean external) {
            return external ? externalTasks : tasksFor(priority);
        }

        /** The task topic of an automatic directory for a job of this priority. */
        public String tasksFor(int priority) {
            return Topics.directoryTasksFor(priority).equals(Topics.DIRECTORY_TASKS_PRIORITY) ? priorityTasks : tasks;
        }
    }

    /**
     * @param catalogWait how long a job that names a directory not yet in the catalog waits for the
     *     catalog to catch up before that directory is reported {@code failed}
     * @param maxOutputsPerTransaction once a transaction's claim events, pending results and dispatch marks
     *     reach this many, it is committed (with the offsets of the changes it covers) before the next change
     *     is planned; a job's outputs are never split, so a transaction carries at most this plus one job's
     *     outputs, less one. Everything a poll brought went into one transaction before: 40 jobs of 300 directories
     *     created within a few seconds made one of 24,000 records, which on a loaded machine outlived the
     *     transaction timeout; the coordinator aborted it, the dispatcher failed with an old producer epoch
     *     and started again from the same offsets with the same poll (the end-to-end benchmark's 0 ms round:
     *     the dispatcher away for 7 s and a rebalance of both groups). 2,000 is two jobs of the largest
     *     package (1,001 outputs each).
     */
    public record Dispatcher(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("autobolt-dispatcher") String groupId,
            @DefaultValue("10s") Duration catalogWait,
            @DefaultValue("2000") int maxOutputsPerTransaction) {

        public Dispatcher {
            if (maxOutputsPerTransaction < 1) {
                throw new IllegalArgumentException(
                        "autobolt.worker.dispatcher.max-outputs-per-transaction must be at least 1");
            }
        }
    }

    /**
     * @param threads how many submissions this instance runs at once
     * @param maxInFlight how many claimed tasks an instance holds before it stops reading the partitions
     *     that hold their share of it (this divided by the partitions assigned)
     * @param maxTries tries per task within one job attempt, transient failures included
     * @param lowPriorityShare while priority tasks are waiting, one poll in this many also takes
     *     normal tasks, so they are never starved
     * @param flushInterval the longest a finished task waits before its result is committed. Each flush
     *     is a Kafka transaction (begin, the records, the offsets, the commit and its markers); every
     *     20 ms, the two workers of the end-to-end benchmark made a transaction for every two or three
     *     tasks, and transactions were the largest share of Kafka's CPU. 100 ms puts five times as
     *     many results in one and adds at most 80 ms before a result shows. With this project's other
     *     changes of that profile: Kafka's CPU in the benchmark's round 17.6 → 10.2 s, the stack's 15.9 →
     *     9.5 ms a submission (not measured one by one; benchmarks/README.md)
     * @param drainTimeout on shutdown or rebalance, how long running submissions may finish
     * @param moveWaitingAfter how long a task that has not started may hold back the commit of finished
     *     work behind it (or keep a full instance from reading) before its claim event is published again
     *     to the end of its partition; also the shortest time between two such moves of one task
     */
    public record Executor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("autobolt-executors") String groupId,
            @DefaultValue("8") int threads,
            @DefaultValue("1000") int maxInFlight,
            @DefaultValue("4") int maxTries,
            @DefaultValue("500ms") Duration backoffBase,
            @DefaultValue("30s") Duration backoffMax,
            @DefaultValue("5") int breakerFailureThreshold,
            @DefaultValue("30s") Duration breakerCoolDown,
            @DefaultValue("4") int lowPriorityShare,
            @DefaultValue("100ms") Duration flushInterval,
            @DefaultValue("30s") Duration drainTimeout,
            @DefaultValue("7d") Duration cancelledJobsRetention,
            @DefaultValue("30s") Duration moveWaitingAfter) {

        public Executor {
            if (threads < 1 || maxTries < 1 || maxInFlight < 1 || lowPriorityShare < 1) {
                throw new IllegalArgumentException("threads, maxTries, maxInFlight and lowPriorityShare must be >= 1");
            }
            if (moveWaitingAfter.isNegative() || moveWaitingAfter.isZero()) {
                throw new IllegalArgumentException("moveWaitingAfter must be positive, not " + moveWaitingAfter);
            }
        }
    }

    /**
     * How soon a dead instance stops holding others back (see the module README, "A killed worker").
     *
     * @param transactionTimeout the executor's and dispatcher's transactions: the broker aborts one left
     *     open this long (by a killed instance), which until then holds back every {@code read_committed}
     *     reader of the partitions it wrote to. A flush takes milliseconds; one that takes longer only
     *     fails and is redone
     * @param sessionTimeout how long the group waits for a silent member before handing its partitions to
     *     the others
     * @param heartbeatInterval how often a member tells the group it is alive; a third of the session
     */
    public record Kafka(
            @DefaultValue("5s") Duration transactionTimeout,
            @DefaultValue("10s") Duration sessionTimeout,
            @DefaultValue("3s") Duration heartbeatInterval) {

        public Kafka {
            if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval
                        + ") must be shorter than sessionTimeout (" + sessionTimeout + ")");
            }
        }
    }

    /**
     * Where submissions may go (see {@code EgressPolicy}): https to public addresses only, except to
     * these hosts, named as submission URLs spell them, to which plain http and internal addresses
     * are allowed too. Empty by default; the local stack allow-lists its sandbox.
     */
    public record Egress(@DefaultValue List<String> allowedHosts) {
        public Egress {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }
    }

    /**
     * @param maxDirectoryTags how many directories get their own {@code directory} tag on the worker's
     *     meters; the rest share {@code other} (docs/metrics.md). Above the catalog's size, so that every
     *     directory normally has its own
     */
    public record Metrics(@DefaultValue("1000") int maxDirectoryTags) {
        public Metrics {
            if (maxDirectoryTags < 1) {
                throw new IllegalArgumentException("maxDirectoryTags must be >= 1, not " + maxDirectoryTags);
            }
        }
    }

    /**
     * The breaker states this worker publishes (job-api's operations view reads them).
     *
     * @param topic the compacted topic they go to
     * @param republishInterval how often a breaker that is not closed is published again; each record
     *     expires after three of these, so a worker that went away stops being believed
     */
    public record Breakers(
            @DefaultValue(Topics.DIRECTORY_BREAKERS) String topic,
            @DefaultValue("60s") Duration republishInterval) {}

    /** Timeouts of {@code HttpFormSubmitter}. */
    public record Http(
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("500") int excerptLength) {}
}
