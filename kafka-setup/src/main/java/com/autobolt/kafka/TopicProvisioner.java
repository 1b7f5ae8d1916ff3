package com.autobolt.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics a service uses exist as {@link AutoBoltTopics} declares them: creates the missing
 * ones (or refuses to start without them, when creating is not allowed) and reports the ones that differ.
 * It never changes an existing topic: partitions, policies and replication of live data are the
 * operator's decision. Remembers the last run for health.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    /**
     * How long a service that cannot work without its topics waits for Kafka at start before it gives up
     * (and its supervisor, compose or Kubernetes, starts it again).
     */
    public static final Duration START_WAIT = Duration.ofMinutes(2);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    // Only at start, while the broker comes up: a fixed short pause is all the waiting needs.
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final KafkaSettings settings;
    private volatile TopicReport lastReport;
    private volatile String lastFailure;

    public TopicProvisioner(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * Provisions {@code topics} once.
     *
     * @throws MissingTopicsException when topics are missing and may not be created
     * @throws IllegalStateException when Kafka does not answer or refuses (e.g. not authorized)
     */
    public TopicReport ensure(Collection<TopicSpec> topics) throws InterruptedException {
        try {
            TopicReport report = provision(List.copyOf(topics));
            lastReport = report;
            lastFailure = null;
            return report;
        } catch (RuntimeException e) {
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /**
     * Provisions {@code topics}, retrying while Kafka does not answer, for at most {@code wait}: what a
     * service that can do nothing without its topics runs before it starts consuming.
     *
     * @throws MissingTopicsException at once, when topics are missing and may not be created
     */
    public TopicReport ensureWithin(Collection<TopicSpec> topics, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return ensure(topics);
            } catch (MissingTopicsException e) {
                throw e;
            } catch (IllegalStateException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException(
                            "Kafka topics not provisioned within " + wait + ": " + e.getMessage(), e);
                }
                log.warn("Kafka topics not provisioned yet, retrying in {}: {}", RETRY_PAUSE, e.getMessage());
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
    }

    /** The report of the last successful run, or null. */
    public TopicReport lastReport() {
        return lastReport;
    }

    /** Why the last run failed, or null when it succeeded (or none ran). */
    public String lastFailure() {
        return lastFailure;
    }

    private TopicReport provision(List<TopicSpec> wanted) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = await(admin.listTopics().names());
            List<TopicSpec> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> created = missing.isEmpty() ? List.of() : create(admin, missing);
            List<String> problems = check(admin, wanted);
            problems.forEach(problem -> log.warn("Kafka topic differs from what AutoBolt needs: {}", problem));
            return new TopicReport(created, problems);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers() + " refused or failed: " + describe(e.getCause()), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers() + " did not answer within " + CALL_TIMEOUT, e);
        }
    }

    private List<String> create(Admin admin, List<TopicSpec> missing)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = missing.stream().map(TopicSpec::name).toList();
        if (!settings.topics().createMissing()) {
            throw new MissingTopicsException(names);
        }
        List<NewTopic> newTopics =
                missing.stream().map(t -> t.toNewTopic(settings.topics())).toList();
        CreateTopicsResult result = admin.createTopics(newTopics);
        List<String> created = new ArrayList<>();
        for (String name : names) {
            try {
                await(result.values().get(name));
                created.add(name);
                log.info("created Kafka topic {}", name);
            } catch (ExecutionException e) {
                // Another instance created it first: it is there, which is all that matters.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private List<String> check(Admin admin, List<TopicSpec> wanted)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = wanted.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames());
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs =
                await(admin.describeConfigs(resources).all());
        TopicSettings topicSettings = settings.topics();
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : wanted) {
            TopicDescription description = descriptions.get(spec.name());
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            int partitions = description.partitions().size();
            if (partitions < spec.partitions()) {
                problems.add(spec.name() + " has " + partitions + " partitions, fewer than the " + spec.partitions()
                        + " configured: at most " + partitions + " instances share its work");
            }
            Set<String> policy = policies(value(config, TopicConfig.CLEANUP_POLICY_CONFIG));
            if (!policy.equals(Set.of(spec.cleanupPolicy()))) {
                problems.add(spec.name() + " has cleanup.policy " + String.join(",", policy) + ", not "
                        + spec.cleanupPolicy()
                        + (spec.compacted() ? ": records older than retention.ms are lost" : ""));
            }
            int replicas = description.partitions().get(0).replicas().size();
            if (replicas < topicSettings.replicationFactor()) {
                problems.add(spec.name() + " has replication factor " + replicas + ", less than the "
                        + topicSettings.replicationFactor() + " configured");
            }
            String minIsr = value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            if (minIsr != null && Integer.parseInt(minIsr) < topicSettings.minInsyncReplicas()) {
                problems.add(spec.name() + " has min.insync.replicas " + minIsr + ", less than the "
                        + topicSettings.minInsyncReplicas() + " configured");
            }
            if (spec.samePartitionsAs() != null && descriptions.containsKey(spec.samePartitionsAs())) {
                int other =
                        descriptions.get(spec.samePartitionsAs()).partitions().size();
                if (other != partitions) {
                    problems.add(spec.name() + " has " + partitions + " partitions but " + spec.samePartitionsAs()
                            + " has " + other + ": they must be equal, or one directory's tasks run on two"
                            + " instances at once");
                }
            }
        }
        return problems;
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }

    private static Set<String> policies(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
