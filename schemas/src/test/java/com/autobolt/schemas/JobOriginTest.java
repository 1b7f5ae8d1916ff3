package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The job's origin and dispatch hold: optional in the contract, so older events still read. */
class JobOriginTest {

    @Test
    void shouldReadAJobWithoutOriginOrHoldAsAnApiJobThatIsNotHeld() {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(EventJson.write(SampleEvents.aJobCreation()));
        ObjectNode after = (ObjectNode) event.get("after");
        after.remove("origin");
        after.remove("dispatchHeld");

        JobChanged read = EventJson.read(event.toString().getBytes(StandardCharsets.UTF_8), JobChanged.class);

        assertThat(read.after().origin()).isEqualTo(JobOrigin.API);
        assertThat(read.after().dispatchHeld()).isFalse();
    }

    @Test
    void shouldCarryAnImportedHeldJobThroughJson() {
        JobState api = SampleEvents.aJob(JobStatus.PENDING, Progress.of(2, 0, 0, 0));
        JobState imported = new JobState(
                api.id(),
                api.customerId(),
                api.packageType(),
                api.directoryCount(),
                api.priority(),
                api.status(),
                api.attempt(),
                api.plannedDirectoryIds(),
                api.dispatchDirectoryIds(),
                api.profile(),
                api.progress(),
                api.createdAt(),
                api.updatedAt(),
                api.startedAt(),
                api.completedAt(),
                api.errorMessage(),
                api.version(),
                JobOrigin.LEGACY_IMPORT,
                true,
                null,
                null);

        String json = EventJson.writeString(imported);
        JobState read = EventJson.read(json.getBytes(StandardCharsets.UTF_8), JobState.class);

        assertThat(json).contains("\"origin\":\"legacy-import\"", "\"dispatchHeld\":true");
        assertThat(read).isEqualTo(imported);
    }
}
