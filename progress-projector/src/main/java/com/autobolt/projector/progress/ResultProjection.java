package com.autobolt.projector.progress;

import com.autobolt.projector.progress.ResultRow.ResultKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of result events in one database transaction: locks the jobs, reads the batch's
 * rows, folds the events into them, writes the rows that changed, and moves each affected job's
 * counts by what its rows' changes add up to ({@link ProgressDelta}); a job whose status moves is
 * recounted from {@code job_results}. Applying the same events again changes nothing, so a batch
 * replayed after a crash is harmless.
 *
 * <p>Round trips per batch: lock the jobs, read the rows, upsert the changed rows, (recount the
 * few jobs that start or finish,) update the jobs, commit.
 */
@Service
class ResultProjection {

    private final ProgressRepository repository;
    private final TransactionTemplate transaction;

    ResultProjection(ProgressRepository repository, TransactionTemplate transaction) {
        this.repository = repository;
        this.transaction = transaction;
    }

    /** Projects {@code results}, in order; returns those that cannot belong to any job. */
    List<Rejection> project(List<IncomingResult> results) {
        if (results.isEmpty()) {
            return List.of();
        }
        return transaction.execute(status -> projectLocked(results));
    }

    private List<Rejection> projectLocked(List<IncomingResult> results) {
        Set<UUID> jobIds = new LinkedHashSet<>();
        results.forEach(result -> jobIds.add(result.event().jobId()));
        Map<UUID, LockedJob> jobs = repository.lockJobs(jobIds);

        Set<ResultKey> keys = new LinkedHashSet<>();
        results.stream()
                .filter(result -> jobs.containsKey(result.event().jobId()))
                .forEach(result -> keys.add(keyOf(result)));
        Map<ResultKey, StoredResult> stored = keys.isEmpty() ? Map.of() : repository.findResults(keys);

        List<Rejection> rejections = new ArrayList<>();
        List<IncomingResult> accepted = new ArrayList<>();
        for (IncomingResult result : results) {
            LockedJob job = jobs.get(result.event().jobId());
            StoredResult known = stored.get(keyOf(result));
            String reason = job == null
                    ? "unknown job " + result.event().jobId()
                    : job.rejectionOf(result.event(), known != null && known.planned());
            if (reason == null) {
                accepted.add(result);
            } else {
                rejections.add(new Rejection(result.record(), reason));
            }
        }
        Map<ResultKey, ResultRow> changed = fold(accepted, stored);
        if (!changed.isEmpty()) {
            repository.upsert(changed.values());
            updateJobs(changed, stored, jobs);
        }
        return rejections;
    }

    private static ResultKey keyOf(IncomingResult result) {
        return new ResultKey(result.event().jobId(), result.event().directoryId());
    }

    /** The rows the events change, as they end after the whole batch. */
    private static Map<ResultKey, ResultRow> fold(List<IncomingResult> accepted, Map<ResultKey, StoredResult> stored) {
        Map<ResultKey, ResultRow> current = new HashMap<>();
        Map<ResultKey, ResultRow> changed = new LinkedHashMap<>();
        for (IncomingResult result : accepted) {
            ResultKey key = keyOf(result);
            ResultRow before = current.containsKey(key)
                    ? current.get(key)
                    : stored.get(key).row();
            ResultRow after = ResultRow.apply(before, result.event());
            current.put(key, after);
            if (!after.equals(before)) {
                changed.put(key, after);
            }
        }
        return changed;
    }

    /** Moves each affected job by its rows' changes; recounts those whose status moves. */
    private void updateJobs(
            Map<ResultKey, ResultRow> changed, Map<ResultKey, StoredResult> stored, Map<UUID, LockedJob> jobs) {
        Map<UUID, ProgressDelta> deltas = new LinkedHashMap<>();
        changed.forEach((key, after) -> {
            StoredResult before = stored.get(key);
            deltas.computeIfAbsent(key.jobId(), id -> new ProgressDelta(jobs.get(id)))
                    .add(before.row(), after, before.dispatched());
        });
        Map<UUID, JobProgress> updates = new LinkedHashMap<>();
        Set<UUID> recount = new LinkedHashSet<>();
        deltas.forEach((id, delta) -> {
            JobProgress next = JobProgress.next(jobs.get(id), delta.counts());
            if (delta.needsRecount(next)) {
                recount.add(id);
            } else if (next.differsFrom(JobProgress.of(jobs.get(id)))) {
                updates.put(id, next);
            }
        });
        if (!recount.isEmpty()) {
            for (ResultCounts counts : repository.countResults(recount)) {
                LockedJob job = jobs.get(counts.jobId());
                JobProgress next = JobProgress.next(job, counts);
                if (next.differsFrom(JobProgress.of(job))) {
                    updates.put(job.id(), next);
                }
            }
        }
        if (!updates.isEmpty()) {
            repository.updateJobs(updates);
        }
    }
}
