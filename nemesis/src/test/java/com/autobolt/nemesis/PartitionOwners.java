package com.autobolt.nemesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;

/**
 * Which job-worker held which task partition when, from the workers' own log lines ({@code executor assigned
 * [...]}, written at every assignment, each line stamped with the machine's clock as the sandbox's records
 * are). A task is submitted again legitimately when its partition moved to another worker between the two
 * submissions (a worker killed, paused or cut off from Kafka past the session timeout, and the partition back
 * when it returns): the new owner cannot know what the old one finished and did not commit.
 */
final class PartitionOwners {

    private static final Pattern ASSIGNED = Pattern.compile("^(\\S+Z)\\s.*executor assigned \\[(.*)]\\s*$");

    /** One assignment: from this instant, this worker held these partition numbers. */
    record Assignment(Instant at, String worker, Set<Integer> partitions) {}

    private final List<Assignment> assignments;
    private final int partitionCount;

    PartitionOwners(List<Assignment> assignments, int partitionCount) {
        this.assignments = assignments.stream()
                .sorted(java.util.Comparator.comparing(Assignment::at))
                .toList();
        this.partitionCount = partitionCount;
    }

    /** The assignments every {@code job-worker-*.log} of the directory records, of the given task topic. */
    static PartitionOwners fromLogs(Path logDirectory, String taskTopic, int partitionCount) throws IOException {
        List<Assignment> assignments = new ArrayList<>();
        for (Path file : WorkerLogs.in(logDirectory)) {
            String worker = file.getFileName().toString().replace(".log", "");
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(line -> parse(line, worker, taskTopic).ifPresent(assignments::add));
            }
        }
        return new PartitionOwners(assignments, partitionCount);
    }

    static java.util.Optional<Assignment> parse(String line, String worker, String taskTopic) {
        Matcher matcher = ASSIGNED.matcher(line);
        if (!matcher.matches()) {
            return java.util.Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(matcher.group(1));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
        String prefix = taskTopic + "-";
        Set<Integer> partitions = Stream.of(matcher.group(2).split(",\\s*"))
                .filter(p ->
                        p.startsWith(prefix) && p.substring(prefix.length()).matches("\\d+"))
                .map(p -> Integer.parseInt(p.substring(prefix.length())))
                .collect(Collectors.toSet());
        return java.util.Optional.of(new Assignment(at, worker, partitions));
    }

    /** The partition of the task topics a directory's tasks are on (claim events are keyed by directory id). */
    int partitionOf(String directoryId) {
        return Utils.toPositive(Utils.murmur2(directoryId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /**
     * Whether the directory's partition was given to a worker other than its holder at {@code from} at any time
     * up to {@code to}. A worker that lost it and got it back with no other worker holding it in between did
     * not move it: its own next session publishes what it remembers, so a repeat there is a violation.
     */
    boolean moved(String directoryId, Instant from, Instant to) {
        int partition = partitionOf(directoryId);
        String holder = null;
        for (Assignment assignment : assignments) {
            if (!assignment.partitions().contains(partition)) {
                continue;
            }
            if (!assignment.at().isAfter(from)) {
                holder = assignment.worker();
            } else if (!assignment.at().isAfter(to)) {
                if (!assignment.worker().equals(holder)) {
                    return true;
                }
            }
        }
        return false;
    }
}
