package com.autobolt.projector.progress;

import com.autobolt.projector.progress.ResultRow.ResultKey;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
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

        Set<ResultKey> keys = new LinkedHashSet<>();
        results.stream()
                .filter(result -> jobs.containsKey(result.event().jobId()))
                .forEach(result -> keys.add(keyOf(result)));
        Map<ResultKey, ResultRow> stored = keys.isEmpty() ? Map.of() : repository.findRows(keys);
        // A stored row was checked when it was created; only directories seen for the first time need it.
        Set<ResultKey> firstSeen = new LinkedHashSet<>(keys);
        firstSeen.removeAll(stored.keySet());
        Set<ResultKey> planned = firstSeen.isEmpty() ? Set.of() : repository.plannedKeys(firstSeen);

        List<Rejection> rejections = new ArrayList<>();
        List<IncomingResult> accepted = new ArrayList<>();
        for (IncomingResult result : results) {
            LockedJob job = jobs.get(result.event().jobId());
            ResultKey key = keyOf(result);
            String reason = job == null
                    ? "unknown job " + result.event().jobId()
                    : job.rejectionOf(result.event(), stored.containsKey(key) || planned.contains(key));
            if (reason == null) {
                accepted.add(result);
            } else {
                rejections.add(new Rejection(result.record(), reason));
            }
        }
        Set<UUID> affected = applyToRows(accepted, stored, jobs);
        if (!affected.isEmpty()) {
            recount(affected, jobs);
        }
        return rejections;
    }

    private static ResultKey keyOf(IncomingResult result) {
        return new ResultKey(result.event().jobId(), result.event().directoryId());
    }

    /** Writes the rows the events change; returns the jobs whose counts or status may have moved. */
    private Set<UUID> applyToRows(
            List<IncomingResult> accepted, Map<ResultKey, ResultRow> stored, Map<UUID, LockedJob> jobs) {
        Map<ResultKey, ResultRow> current = new HashMap<>(stored);
        Map<ResultKey, ResultRow> changed = new LinkedHashMap<>();
        Set<UUID> affected = new LinkedHashSet<>();
        for (IncomingResult result : accepted) {
            ResultKey key = keyOf(result);
            ResultRow before = current.get(key);
            ResultRow after = ResultRow.apply(before, result.event());
            if (!after.equals(before)) {
                current.put(key, after);
                changed.put(key, after);
                if (movesProgress(jobs.get(key.jobId()), before, after)) {
                    affected.add(key.jobId());
                }
            }
        }
        if (!changed.isEmpty()) {
            repository.upsert(changed.values());
        }
        return affected;
    }

    /**
     * Whether a row change can change its job's counts or status: a directory ending, a new
     * attempt, or the first activity of a pending job. A new {@code pending} row or a claim of a
     * running job changes neither, and skipping their recount keeps large jobs cheap.
     */
    private static boolean movesProgress(LockedJob job, ResultRow before, ResultRow after) {
        if (job.status() == JobStatus.PENDING && after.status() != ResultStatus.PENDING) {
            return true;
        }
        if (before == null) {
            return after.status().isTerminal();
        }
        return before.attempt() != after.attempt()
                || before.status().isTerminal() != after.status().isTerminal();
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
