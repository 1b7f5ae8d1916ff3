package com.autobolt.api.lease;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;
import com.autobolt.schemas.TaskId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff record a directory's result by hand (a phone call, a listing found later): the same result event a
 * worker's report makes, with the staff key's name as its worker, an audit trail entry, and the external
 * task (if the directory is one) marked done so no worker is handed it again. Published before the commit,
 * as {@link LeaseService} explains.
 */
final class ManualResults {

    private record Job(String status, int attempt, List<String> directories) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LeaseService leases;
    private final AuditTrail audit;

    ManualResults(JdbcTemplate jdbc, TransactionTemplate transaction, LeaseService leases, AuditTrail audit) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.leases = leases;
        this.audit = audit;
    }

    /**
     * @throws ApiException 404 for an unknown job; 409 when the job is not pending or in progress, the
     *     directory is not in its current attempt, or its result is already {@code submitted}
     */
    TaskId record(String staff, UUID jobId, LeaseService.Report report) {
        return transaction.execute(status -> {
            List<Job> jobs = jdbc.query(
                    "SELECT status, attempt, dispatch_directory_ids FROM jobs WHERE id = ? FOR SHARE",
                    (row, i) -> new Job(row.getString("status"), row.getInt("attempt"), Arrays.asList((String[])
                            row.getArray("dispatch_directory_ids").getArray())),
                    jobId);
            if (jobs.isEmpty()) {
                throw ApiException.notFound("no job with id " + jobId);
            }
            Job job = jobs.get(0);
            if (!job.status().equals("pending") && !job.status().equals("in_progress")) {
                throw ApiException.conflict("the job is " + job.status() + "; results are recorded only while it runs");
            }
            if (!job.directories().contains(report.directoryId())) {
                throw ApiException.conflict(
                        "directory " + report.directoryId() + " is not in attempt " + job.attempt() + " of the job");
            }
            TaskId task = new TaskId(jobId, report.directoryId(), job.attempt());
            List<String> current = jdbc.queryForList(
                    "SELECT status FROM job_results WHERE job_id = ? AND directory_id = ? AND attempt = ?",
                    String.class,
                    jobId,
                    report.directoryId(),
                    job.attempt());
            if (current.contains(ResultStatus.SUBMITTED.value())) {
                throw ApiException.conflict("directory " + report.directoryId() + " is already submitted");
            }
            DirectoryResultReported result = leases.result(task, report, staff);
            leases.endByHand(task, report.status());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("directoryId", report.directoryId());
            details.put("attempt", job.attempt());
            details.put("status", report.status().value());
            if (result.listingUrl() != null) {
                details.put("listingUrl", result.listingUrl());
            }
            if (result.errorMessage() != null) {
                details.put("reason", result.errorMessage());
            }
            audit.record("result.recorded", "job", jobId, details);
            leases.publish(List.of(result));
            return task;
        });
    }
}
