package com.autobolt.projector.progress;

import com.autobolt.projector.progress.ResultRow.ResultKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of result events in one database transaction: locks the jobs, reads the batch's
 * rows, folds the events into them, writes the rows that changed, and moves each affected job's
 * counts by what its rows' changes add up to ({@link ProgressDelta}); a job whose status moves is
 * recounted from {@code job_results}. Applying the same events again changes nothing, so a batch
 * replayed after a crash is harmless.
 *
 * <p>Round trips per batch: lock the jobs, read the rows, (read the plans of jobs not seen lately,)
 * insert the new rows, update the changed ones, (recount the few jobs that start or finish,) update
 * the jobs, commit.
 *
 * <p>A result that cannot be stored as it came is set aside: dead-lettered, and replaced by an
 * {@link UnprojectableResult} so its directory still ends. {@link ColumnLimits} catches the common
 * ones before PostgreSQL sees them; for the others, a batch that PostgreSQL refuses for its data
 * ({@link BatchFailures}) is rolled back and split in halves, each projected on its own in order,
 * until the refused results stand alone. A good batch costs nothing more; a bad one about two
 * transactions per halving for each bad result. Any other failure is thrown, and the batch retried.
 */
@Service
class ResultProjection {

    private static final Logger log = LoggerFactory.getLogger(ResultProjection.class);

    private final ProgressRepository repository;
    private final JobPlans plans;
    private final TransactionTemplate transaction;
    private final ProjectorMetrics metrics;

    ResultProjection(
            ProgressRepository repository, JobPlans plans, TransactionTemplate transaction, ProjectorMetrics metrics) {
        this.repository = repository;
        this.plans = plans;
        this.transaction = transaction;
        this.metrics = metrics;
    }

    /**
     * Projects {@code results}, in order; returns those to dead-letter: those that cannot belong to
     * any job and those that cannot be stored. Throws when the batch should be retried as it is.
     */
    List<Rejection> project(List<IncomingResult> results) {
        if (results.isEmpty()) {
            return List.of();
        }
        try {
            return transaction.execute(status -> projectLocked(results));
        } catch (RuntimeException e) {
            SQLException refused = BatchFailures.rejectedData(e);
            if (refused == null) {
                throw e;
            }
            if (results.size() == 1) {
                return setAside(results.get(0), refused);
            }
            log.debug(
                    "PostgreSQL refused a batch of {} results ({}); splitting it",
                    results.size(),
                    BatchFailures.explain(refused));
            // In order: a later result of a directory must land after its earlier ones.
            int half = results.size() / 2;
            List<Rejection> rejections = new ArrayList<>(project(results.subList(0, half)));
            rejections.addAll(project(results.subList(half, results.size())));
            return rejections;
        }
    }

    /**
     * {@code result} alone was refused: its replacement is projected instead, and it is
     * dead-lettered. When the replacement is refused too (the job or directory does not exist), only
     * the dead letter remains.
     */
    private List<Rejection> setAside(IncomingResult result, SQLException refused) {
        String known = ColumnLimits.violationOf(result.event());
        String why = known != null ? known : BatchFailures.describe(refused);
        String explanation = known != null ? known : BatchFailures.explain(refused);
        IncomingResult replacement =
                new IncomingResult(result.record(), UnprojectableResult.replacing(result.event(), why));
        try {
            List<Rejection> rejections =
                    new ArrayList<>(transaction.execute(status -> projectLocked(List.of(replacement))));
            rejections.add(
                    new Rejection(result.record(), Rejection.UNPROJECTABLE_RESULT, replacedBecause(explanation)));
            return rejections;
        } catch (RuntimeException e) {
            SQLException refusedAgain = BatchFailures.rejectedData(e);
            if (refusedAgain == null) {
                throw e;
            }
            return List.of(new Rejection(
                    result.record(),
                    Rejection.UNPROJECTABLE_RESULT,
                    "unprojectable result: " + explanation + "; not replaced, its failed result was refused too: "
                            + BatchFailures.explain(refusedAgain)));
        }
    }

    private List<Rejection> projectLocked(List<IncomingResult> results) {
        Set<UUID> jobIds = new LinkedHashSet<>();
        results.forEach(result -> jobIds.add(result.event().jobId()));
        Map<UUID, LockedJob> jobs = repository.lockJobs(jobIds);

        Set<ResultKey> keys = new LinkedHashSet<>();
        results.stream()
                .filter(result -> jobs.containsKey(result.event().jobId()))
                .forEach(result -> keys.add(keyOf(result)));
        Map<ResultKey, StoredResult> stored = stored(keys, jobs);

        List<Rejection> rejections = new ArrayList<>();
        List<IncomingResult> accepted = new ArrayList<>();
        for (IncomingResult result : results) {
            LockedJob job = jobs.get(result.event().jobId());
            StoredResult known = stored.get(keyOf(result));
            String reason = job == null
                    ? "unknown job " + result.event().jobId()
                    : job.rejectionOf(result.event(), known != null && known.planned());
            if (reason != null) {
                rejections.add(new Rejection(
                        result.record(), job == null ? Rejection.UNKNOWN_JOB : Rejection.NOT_OF_JOB, reason));
                continue;
            }
            String violation = ColumnLimits.violationOf(result.event());
            if (violation == null) {
                accepted.add(result);
            } else {
                rejections.add(
                        new Rejection(result.record(), Rejection.UNPROJECTABLE_RESULT, replacedBecause(violation)));
                accepted.add(
                        new IncomingResult(result.record(), UnprojectableResult.replacing(result.event(), violation)));
            }
        }
        Map<ResultKey, ResultRow> changed = fold(accepted, stored);
        if (!changed.isEmpty()) {
            List<ResultRow> created = new ArrayList<>();
            List<ResultRow> overwritten = new ArrayList<>();
            changed.forEach((key, row) -> (stored.get(key).row() == null ? created : overwritten).add(row));
            repository.insert(created);
            repository.update(overwritten);
            updateJobs(changed, stored, jobs);
        }
        return rejections;
    }

    /**
     * What the database knows about each key of a locked job: its row, and from the job's plan
     * whether the directory is planned (a stored row always is: it was checked when created) and
     * whether a retried attempt re-processes it. Plans are only needed for keys without a row and
     * for retried jobs.
     */
    private Map<ResultKey, StoredResult> stored(Set<ResultKey> keys, Map<UUID, LockedJob> jobs) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<ResultKey, ResultRow> rows = repository.findResults(keys);
        Set<LockedJob> needPlans = new LinkedHashSet<>();
        for (ResultKey key : keys) {
            LockedJob job = jobs.get(key.jobId());
            if (job.attempt() > 1 || !rows.containsKey(key)) {
                needPlans.add(job);
            }
        }
        Map<UUID, JobPlan> jobPlans = needPlans.isEmpty() ? Map.of() : plans.of(needPlans);
        Map<ResultKey, StoredResult> stored = new HashMap<>();
        for (ResultKey key : keys) {
            ResultRow row = rows.get(key);
            JobPlan plan = jobPlans.get(key.jobId());
            boolean planned = row != null || plan.plans(key.directoryId());
            boolean dispatched = plan != null && plan.dispatches(key.directoryId());
            stored.put(key, new StoredResult(row, planned, dispatched));
        }
        return stored;
    }

    private static String replacedBecause(String why) {
        return "unprojectable result: " + why + "; replaced by a failed result with error code "
                + UnprojectableResult.ERROR_CODE;
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
            metrics.afterCommit(updates.entrySet().stream()
                    .map(update -> new ProjectorMetrics.JobMove(jobs.get(update.getKey()), update.getValue()))
                    .toList());
        }
    }
}
