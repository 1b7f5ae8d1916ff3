package com.autobolt.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionOwnersTest {

    private static final String TOPIC = "autobolt.directory-tasks";

    @Test
    void shouldReadAnAssignmentFromAWorkersLogLine() {
        String line = "2026-12-01T04:18:16.546Z  INFO 24087 --- [job-worker] [  executor-poll] "
                + "c.autobolt.worker.execute.TaskExecutor   : executor assigned [autobolt.directory-tasks-0, "
                + "autobolt.directory-tasks-11, autobolt.directory-tasks.priority-0, autobolt.directory-tasks.priority-11]";

        assertThat(PartitionOwners.parse(line, "job-worker-1", TOPIC))
                .contains(new PartitionOwners.Assignment(
                        Instant.parse("2026-12-01T04:18:16.546Z"), "job-worker-1", Set.of(0, 11)));
        assertThat(PartitionOwners.parse("2026-12-01T04:18:16.546Z  INFO something else", "job-worker-1", TOPIC))
                .isEmpty();
    }

    @Test
    void shouldTellAPartitionMovedToAnotherWorkerFromOneKeptOrTakenBackByItsHolder() {
        PartitionOwners probe = new PartitionOwners(List.of(), 12);
        int partition = probe.partitionOf("demo-010");
        PartitionOwners owners = new PartitionOwners(
                List.of(
                        assignment("04:00:00", "job-worker-1", partition),
                        assignment("04:00:30", "job-worker-1", partition),
                        assignment("04:01:00", "job-worker-2", partition),
                        assignment("04:02:00", "job-worker-1", partition)),
                12);

        assertThat(owners.moved("demo-010", at("04:00:10"), at("04:00:40")))
                .as("its holder's own new session")
                .isFalse();
        assertThat(owners.moved("demo-010", at("04:00:40"), at("04:01:05"))).isTrue();
        assertThat(owners.moved("demo-010", at("04:01:10"), at("04:02:05"))).isTrue();
        assertThat(owners.moved("demo-010", at("04:02:10"), at("04:03:00"))).isFalse();
    }

    private static PartitionOwners.Assignment assignment(String time, String worker, int partition) {
        return new PartitionOwners.Assignment(at(time), worker, Set.of(partition));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-12-01T" + time + "Z");
    }
}
