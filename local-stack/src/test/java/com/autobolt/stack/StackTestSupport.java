package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Checks of a job's rows that the local stack's integration tests share (stacks start through {@link TestStacks}). */
final class StackTestSupport {

    private StackTestSupport() {}

    /** The job's {@code job_results} rows counted by status, read from PostgreSQL. */
    static Map<String, Integer> resultRowsByStatus(LocalStack stack, String jobId) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, count(*) FROM job_results WHERE job_id = ? GROUP BY status")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /**
     * A terminal job's progress is exact: every planned directory has ended, the counts add up to
     * the total, and each count equals the job's {@code job_results} rows of that status.
     */
    static void assertExactProgress(LocalStack stack, String jobId, JobView view, int plannedDirectories)
            throws SQLException {
        assertThat(view.status()).as("job %s", jobId).isIn("complete", "failed");
        assertThat(view.total()).as("total of job %s", jobId).isEqualTo(plannedDirectories);
        assertThat(view.done()).as("done of job %s", jobId).isEqualTo(plannedDirectories);
        assertThat(view.percent()).isEqualTo(100);
        assertThat(view.submitted() + view.failed() + view.skipped())
                .as("submitted + failed + skipped of job %s: %s", jobId, view)
                .isEqualTo(plannedDirectories);
        Map<String, Integer> expectedRows = new HashMap<>();
        expectedRows.put("submitted", view.submitted());
        expectedRows.put("failed", view.failed());
        expectedRows.put("skipped", view.skipped());
        expectedRows.values().removeIf(count -> count == 0);
        assertThat(resultRowsByStatus(stack, jobId))
                .as("job_results rows of job %s by status", jobId)
                .isEqualTo(expectedRows);
    }

    static int directoriesOf(String packageType) {
        return switch (packageType) {
            case "starter" -> 50;
            case "growth" -> 100;
            case "professional" -> 300;
            case "enterprise" -> 500;
            default -> throw new IllegalArgumentException(packageType);
        };
    }
}
