package com.autobolt.projector.progress;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes customers, directories and jobs as job-api would, and job-api's retry and cancel. */
final class JobFixtures {

    private final JdbcTemplate jdbc;

    JobFixtures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static List<String> directoryIds(int count) {
        return IntStream.range(0, count).mapToObj(i -> "dir-" + i).toList();
    }

    /** A pending job planned over directories {@code dir-0 .. dir-(count-1)}. */
    UUID aPendingJob(int directoryCount) {
        return aPendingJob(UUID.randomUUID(), directoryCount);
    }

    UUID aPendingJob(UUID job, int directoryCount) {
        List<String> directories = directoryIds(directoryCount);
        for (String id : directories) {
            jdbc.update(
                    "INSERT INTO directories (id, name, submission_url, submission_method, domain_authority) "
                            + "VALUES (?, ?, 'http://localhost/submit', 'form', 50) ON CONFLICT DO NOTHING",
                    id,
                    id);
        }
        UUID customer = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO customers (id, reference, business_name, email, package_type) VALUES (?, "
                        + "'DB-2026-' || lpad(nextval('customer_reference_seq')::text, 6, '0'), 'Harbor Bakery', ?, 'starter')",
                customer,
                customer + "@example.com");
        String[] planned = directories.toArray(String[]::new);
        jdbc.update(
                "INSERT INTO jobs (id, customer_id, package_type, directory_count, planned_directory_ids, "
                        + "dispatch_directory_ids, business_profile, progress_total) VALUES (?, ?, 'starter', ?, ?, ?, "
                        + "'{\"businessName\":\"Harbor Bakery\",\"email\":\"x@example.com\"}', ?)",
                job,
                customer,
                directoryCount,
                planned,
                planned,
                directoryCount);
        return job;
    }

    /**
     * A pending job planned over {@code dir-0 .. dir-(count-1)} and also over {@code uncatalogued},
     * a directory that is not in {@code directories} (deleted from the catalog after planning, say),
     * so a row for it breaks the foreign key of {@code job_results}.
     */
    UUID aPendingJobAlsoPlanning(UUID job, int directoryCount, String uncatalogued) {
        aPendingJob(job, directoryCount);
        jdbc.update(
                "UPDATE jobs SET planned_directory_ids = array_append(planned_directory_ids, ?), "
                        + "dispatch_directory_ids = array_append(dispatch_directory_ids, ?), "
                        + "directory_count = directory_count + 1, progress_total = progress_total + 1 WHERE id = ?",
                uncatalogued,
                uncatalogued,
                job);
        return job;
    }

    /**
     * Whether the job's counts are exactly what its {@code job_results} rows add up to: submitted,
     * failed, skipped and done (on a first attempt, where every row counts as its status).
     */
    boolean countsMatchRows(UUID job) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT j.progress_submitted = count(*) FILTER (WHERE r.status = 'submitted') "
                        + "AND j.progress_failed = count(*) FILTER (WHERE r.status = 'failed') "
                        + "AND j.progress_skipped = count(*) FILTER (WHERE r.status = 'skipped') "
                        + "AND j.progress_done = count(*) FILTER (WHERE r.status IN ('submitted', 'failed', 'skipped')) "
                        + "FROM jobs j LEFT JOIN job_results r ON r.job_id = j.id WHERE j.id = ? "
                        + "GROUP BY j.id, j.progress_submitted, j.progress_failed, j.progress_skipped, j.progress_done",
                Boolean.class,
                job));
    }

    /**
     * job-api's retry: only from failed; the failed directories are dispatched again under the next
     * attempt and count as pending at once (failed count reset).
     */
    int retry(UUID job) {
        return replan(job, """
                progress_failed = 0, progress_done = progress_submitted + progress_skipped,
                progress_percent = 100 * (progress_submitted + progress_skipped) / progress_total,""");
    }

    /** A retry as an operator might write it by hand: re-planned, but the counts left as they were. */
    int retryKeepingCounts(UUID job) {
        return replan(job, "");
    }

    private int replan(UUID job, String countsReset) {
        return jdbc.update(
                "UPDATE jobs SET status = 'pending', attempt = attempt + 1, completed_at = NULL, "
                        + "error_message = NULL, dispatch_directory_ids = ARRAY(SELECT directory_id FROM job_results "
                        + "WHERE job_id = jobs.id AND status = 'failed' ORDER BY directory_id), "
                        + countsReset
                        + " version = version + 1, updated_at = now() WHERE id = ? AND status = 'failed'",
                job);
    }

    /** started_at and completed_at of a job. */
    List<java.time.Instant> times(UUID job) {
        return jdbc.queryForObject(
                "SELECT started_at, completed_at FROM jobs WHERE id = ?",
                (rs, n) -> java.util.Arrays.asList(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))),
                job);
    }

    private static java.time.Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** job-api's cancel. */
    int cancel(UUID job) {
        return jdbc.update(
                "UPDATE jobs SET status = 'cancelled', completed_at = now(), version = version + 1 "
                        + "WHERE id = ? AND status IN ('pending', 'in_progress')",
                job);
    }

    JobRow job(UUID id) {
        return jdbc.queryForObject(
                "SELECT status, attempt, progress_total, progress_done, progress_submitted, progress_failed, "
                        + "progress_skipped, progress_percent, started_at IS NOT NULL AS started, "
                        + "completed_at IS NOT NULL AS completed FROM jobs WHERE id = ?",
                (rs, n) -> new JobRow(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getBoolean(9),
                        rs.getBoolean(10)),
                id);
    }

    List<ResultLine> results(UUID job) {
        return jdbc.query(
                "SELECT directory_id, status, attempt, worker_id, listing_url, error_code FROM job_results "
                        + "WHERE job_id = ? ORDER BY directory_id",
                (rs, n) -> new ResultLine(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)),
                job);
    }

    record JobRow(
            String status,
            int attempt,
            int total,
            int done,
            int submitted,
            int failed,
            int skipped,
            int percent,
            boolean started,
            boolean completed) {}

    record ResultLine(
            String directoryId, String status, int attempt, String workerId, String listingUrl, String errorCode) {}
}
