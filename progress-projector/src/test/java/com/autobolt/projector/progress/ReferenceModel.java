package com.autobolt.projector.progress;

import com.autobolt.projector.progress.JobFixtures.ResultLine;
import com.autobolt.schemas.DirectoryResultReported;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The simplest statement of what the projector must compute, written without its code: rows that
 * only move forward within an attempt and restart with a higher one, and job counts over the
 * planned directories, where a directory being retried counts as pending.
 */
final class ReferenceModel {

    private static final Map<String, Integer> STAGE =
            Map.of("pending", 0, "claimed", 1, "submitted", 2, "failed", 2, "skipped", 2);

    record Row(String status, int attempt, String workerId, String listingUrl, String errorCode) {}

    record ExpectedJob(
            String status, int attempt, int total, int done, int submitted, int failed, int skipped, int percent) {}

    private static final class Job {
        final List<String> planned;
        int attempt = 1;
        Set<String> dispatch;
        boolean cancelled;
        final Map<String, Row> rows = new TreeMap<>();

        Job(List<String> planned) {
            this.planned = planned;
            this.dispatch = new LinkedHashSet<>(planned);
        }
    }

    private final Map<UUID, Job> jobs = new HashMap<>();

    void addJob(UUID id, List<String> planned) {
        jobs.put(id, new Job(planned));
    }

    void apply(DirectoryResultReported event) {
        Job job = jobs.get(event.jobId());
        if (job == null || !job.planned.contains(event.directoryId()) || event.attempt() > job.attempt) {
            return; // dead-lettered
        }
        Row row = job.rows.get(event.directoryId());
        String status = event.status().value();
        if (row == null || event.attempt() > row.attempt()) {
            job.rows.put(
                    event.directoryId(),
                    new Row(status, event.attempt(), event.workerId(), event.listingUrl(), event.errorCode()));
        } else if (event.attempt() == row.attempt() && STAGE.get(status) > STAGE.get(row.status())) {
            String worker = event.workerId() != null ? event.workerId() : row.workerId();
            job.rows.put(
                    event.directoryId(), new Row(status, row.attempt(), worker, event.listingUrl(), event.errorCode()));
        }
    }

    /** job-api's retry, as the fixtures perform it: the failed directories get the next attempt. */
    void retry(UUID id) {
        Job job = jobs.get(id);
        job.attempt++;
        Set<String> failed = new LinkedHashSet<>();
        job.rows.forEach((directory, row) -> {
            if (row.status().equals("failed")) {
                failed.add(directory);
            }
        });
        job.dispatch = failed;
    }

    void cancel(UUID id) {
        jobs.get(id).cancelled = true;
    }

    List<String> failedDirectories(UUID id) {
        return new ArrayList<>(jobs.get(id).dispatch);
    }

    List<ResultLine> rows(UUID id) {
        List<ResultLine> lines = new ArrayList<>();
        jobs.get(id)
                .rows
                .forEach((directory, row) -> lines.add(new ResultLine(
                        directory, row.status(), row.attempt(), row.workerId(), row.listingUrl(), row.errorCode())));
        return lines;
    }

    ExpectedJob job(UUID id) {
        Job job = jobs.get(id);
        int submitted = 0, failed = 0, skipped = 0;
        boolean started = false;
        for (String directory : job.planned) {
            Row row = job.rows.get(directory);
            String status = row == null || (row.attempt() < job.attempt && job.dispatch.contains(directory))
                    ? "pending"
                    : row.status();
            switch (status) {
                case "submitted" -> submitted++;
                case "failed" -> failed++;
                case "skipped" -> skipped++;
                default -> {}
            }
            started |= row != null && row.attempt() == job.attempt && !status.equals("pending");
        }
        int total = job.planned.size();
        int done = submitted + failed + skipped;
        String status;
        if (job.cancelled) {
            status = "cancelled";
        } else if (done == total) {
            status = failed > 0 ? "failed" : "complete";
        } else {
            status = started ? "in_progress" : "pending";
        }
        return new ExpectedJob(status, job.attempt, total, done, submitted, failed, skipped, 100 * done / total);
    }

    String status(UUID id) {
        return job(id).status();
    }
}
