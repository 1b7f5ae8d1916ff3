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
 * Applies a batch of result events in one database transaction: locks the jobs, folds the events
 * into their rows, writes the rows that changed, then recounts each affected job once. Applying
 * the same events again changes nothing, so a batch replayed after a crash is harmless.
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

        List<Rejection> rejections = new ArrayList<>();
        List<IncomingResult> accepted = new ArrayList<>();
        for (IncomingResult result : results) {
            String reason = rejectionOf(result, jobs);
            if (reason == null) {
                accepted.add(result);
            } else {
                rejections.add(new Rejection(result.record(), reason));
            }
        }
        Set<UUID> affected = applyToRows(accepted);
        if (!affected.isEmpty()) {
            recount(affected, jobs);
        }
        return rejections;
    }

    private static String rejectionOf(IncomingResult result, Map<UUID, LockedJob> jobs) {
        LockedJob job = jobs.get(result.event().jobId());
        return job == null ? "unknown job " + result.event().jobId() : job.rejectionOf(result.event());
    }

    private Set<UUID> applyToRows(List<IncomingResult> accepted) {
        Set<ResultKey> keys = new LinkedHashSet<>();
        accepted.forEach(
                r -> keys.add(new ResultKey(r.event().jobId(), r.event().directoryId())));
        Map<ResultKey, ResultRow> stored = keys.isEmpty() ? Map.of() : repository.findRows(keys);
        Map<ResultKey, ResultRow> current = new HashMap<>(stored);
        Map<ResultKey, ResultRow> changed = new LinkedHashMap<>();
        for (IncomingResult result : accepted) {
            ResultKey key = new ResultKey(result.event().jobId(), result.event().directoryId());
            ResultRow before = current.get(key);
            ResultRow after = ResultRow.apply(before, result.event());
            if (!after.equals(before)) {
                current.put(key, after);
                changed.put(key, after);
            }
        }
        if (changed.isEmpty()) {
            return Set.of();
        }
        repository.upsert(changed.values());
        Set<UUID> affected = new LinkedHashSet<>();
        changed.keySet().forEach(key -> affected.add(key.jobId()));
        return affected;
    }

    private void recount(Set<UUID> affected, Map<UUID, LockedJob> jobs) {
        Map<UUID, JobProgress> updates = new LinkedHashMap<>();
        for (ResultCounts counts : repository.countResults(affected)) {
            LockedJob job = jobs.get(counts.jobId());
            JobProgress next = JobProgress.next(job, counts);
            if (next.differsFrom(JobProgress.of(job))) {
                updates.put(job.id(), next);
            }
        }
        if (!updates.isEmpty()) {
            repository.updateJobs(updates);
        }
    }
}
