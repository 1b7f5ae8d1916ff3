package com.autobolt.projector.progress;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Recently used job plans, so that a batch checks plan membership in memory instead of scanning a
 * job's plan arrays once per key in SQL (most of a dispatch batch's read time when it did). Read
 * under the jobs' row locks, in the batch's transaction; a plan of an older attempt is read again.
 * Bounded: least recently used plans are dropped beyond {@code autobolt.projector.plan-cache-size}.
 */
@Component
class JobPlans {

    private final ProgressRepository repository;
    private final Map<UUID, JobPlan> recent;

    JobPlans(ProgressRepository repository, ProjectorProperties properties) {
        this.repository = repository;
        int capacity = properties.planCacheSize();
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, JobPlan> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The plans of {@code jobs} (locked in the caller's transaction), at their current attempts. */
    Map<UUID, JobPlan> of(Collection<LockedJob> jobs) {
        Map<UUID, JobPlan> plans = new HashMap<>();
        List<UUID> missing;
        synchronized (recent) {
            for (LockedJob job : jobs) {
                JobPlan plan = recent.get(job.id());
                if (plan != null && plan.attempt() == job.attempt()) {
                    plans.put(job.id(), plan);
                }
            }
            missing = jobs.stream()
                    .map(LockedJob::id)
                    .filter(id -> !plans.containsKey(id))
                    .toList();
        }
        if (!missing.isEmpty()) {
            Map<UUID, JobPlan> read = repository.findPlans(missing);
            plans.putAll(read);
            synchronized (recent) {
                recent.putAll(read);
            }
        }
        return plans;
    }
}
