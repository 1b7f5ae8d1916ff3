package com.autobolt.worker.execute;

import com.autobolt.worker.metrics.WorkerMetrics;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a fixed pool of threads, one directory at a time: each directory has a lane (a
 * queue) that runs its tasks in order, waiting for the directory's minimum interval, retry backoff
 * or open breaker on a timer rather than on a thread. Different directories run in parallel, so
 * a waiting directory never holds up the rest of its partition.
 *
 * <p>The pool takes lanes whose next task is of a priority job first, and a lane takes its priority
 * tasks first, but each only ahead of a bounded number of normal ones ({@code priorityLead}), so
 * normal tasks are never starved.
 *
 * <p>A task that waits too long may be moved by the {@link OffsetTracker} (its claim event published
 * again) instead: a turn starts a task only through {@link Task#start()}, which a move makes fail, and
 * moved tasks leave their lane ({@link #removeMoved}). What a directory waits for (its last
 * submission here, its breaker) is kept per directory, not per task, so the task's copy, when read
 * again, waits just as long as the task would have.
 */
final class DirectoryLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryLanes.class);

    /**
     * How soon a lane looks again when its executor is out of touch with its group. A worker paused (a long GC,
     * SIGSTOP) past the session timeout has lost its partitions without knowing it: its lanes would go on
     * submitting tasks the group has already given to another worker, until its poll loop hears of it. Found by
     * the nemesis soak: a worker resumed after a 22 s pause submitted eight tasks the other worker submitted
     * within the same second.
     */
    static final long GROUP_RECHECK = TimeUnit.MILLISECONDS.toNanos(100);

    private final TaskRunner runner;
    private final WorkerMetrics metrics;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final long priorityLead;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Long> lastSubmission = new ConcurrentHashMap<>();
    private final BooleanSupplier inTouchWithGroup;

    /**
     * @param inTouchWithGroup whether the executor has heard from its consumer group recently enough to still
     *     hold its partitions; while it has not, no task starts (see {@link #GROUP_RECHECK})
     */
    DirectoryLanes(
            TaskRunner runner,
            int threads,
            long priorityLead,
            WorkerMetrics metrics,
            BooleanSupplier inTouchWithGroup) {
        this.runner = runner;
        this.inTouchWithGroup = inTouchWithGroup;
        this.metrics = metrics;
        this.priorityLead = priorityLead;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "executor-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "executor-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    void enqueue(Task task) {
        // Outside the lock the gauge reads under; registered once per directory tag.
        metrics.directoryGauge(
                "autobolt.worker.lane.backlog",
                "Tasks this worker holds for the directory, waiting or running (the sum over the directories"
                        + " tagged other)",
                "tasks",
                task.directoryId(),
                this::queuedByTag);
        Lane lane;
        synchronized (lanes) {
            lane = lanes.computeIfAbsent(task.directoryId(), Lane::new);
            long position = sequence.incrementAndGet();
            task.rank = task.highPriority ? position - priorityLead : position;
            lane.queue.add(task);
            if (lane.busy) {
                return;
            }
            lane.busy = true;
        }
        schedule(lane, 0);
    }

    private double queuedByTag(String tag) {
        if (!WorkerMetrics.OTHER.equals(tag)) {
            return queued(tag);
        }
        synchronized (lanes) {
            return lanes.values().stream()
                    .filter(lane -> WorkerMetrics.OTHER.equals(metrics.directoryTag(lane.directoryId)))
                    .mapToInt(lane -> lane.queue.size())
                    .sum();
        }
    }

    private void schedule(Lane lane, long delayNanos) {
        if (delayNanos <= 0) {
            pool.execute(new LaneTurn(lane, rank(lane)));
        } else {
            timer.schedule(() -> pool.execute(new LaneTurn(lane, rank(lane))), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A lane's turn is ranked by its next task: a priority task's turn comes before normal ones. */
    private long rank(Lane lane) {
        Task head;
        synchronized (lanes) {
            head = lane.queue.peek();
        }
        long position = sequence.incrementAndGet();
        return head != null && head.highPriority ? position - priorityLead : position;
    }

    private void runTurn(Lane lane) {
        Task task = nextTask(lane);
        if (task == null) {
            return;
        }
        // A task of a cancelled job is only skipped: it neither waits for the directory's turn (its
        // interval, its breaker) nor uses it up.
        boolean skipOnly = runner.isCancelled(task);
        if (!skipOnly) {
            long wait = Math.max(intervalWaitNanos(task), runner.breakerWaitNanos(task.directoryId()));
            if (wait > 0) {
                schedule(lane, wait);
                return;
            }
        }
        if (!inTouchWithGroup.getAsBoolean()) {
            schedule(lane, GROUP_RECHECK);
            return;
        }
        if (!task.start()) {
            // Moved by a flush while it waited: its claim event was published again, so it must not run here.
            synchronized (lanes) {
                lane.queue.remove(task);
            }
            schedule(lane, 0);
            return;
        }
        long again;
        // Marked running before the last look at abandoned, while a hand-back marks abandoned before it
        // looks at running (both volatile): one of the two always sees the other, so a task handed back
        // in this instant is either skipped here or waited for there, never run on two workers at once.
        task.running = true;
        if (task.abandoned) {
            task.running = false;
            schedule(lane, 0);
            return;
        }
        try (TaskLogContext context = runner.logContext(task)) {
            try {
                if (!skipOnly) {
                    lastSubmission.put(task.directoryId(), System.nanoTime());
                }
                again = runner.step(task);
            } catch (RuntimeException e) {
                log.error("task {} failed unexpectedly", task.event.taskId(), e);
                runner.failUnexpectedly(task, e);
                again = 0;
            } finally {
                task.running = false;
            }
        }
        if (again == 0) {
            synchronized (lanes) {
                // Not poll(): a priority task queued while this one ran is now the head.
                lane.queue.remove(task);
                if (lane.queue.isEmpty()) {
                    lane.busy = false;
                    lanes.remove(lane.directoryId);
                    return;
                }
            }
        }
        schedule(lane, again);
    }

    /** The lane's next task that was not handed back, or null (and the lane retires) when none is left. */
    private Task nextTask(Lane lane) {
        synchronized (lanes) {
            Task task = lane.queue.peek();
            while (task != null && (task.abandoned || task.isMoved())) {
                lane.queue.poll();
                task = lane.queue.peek();
            }
            if (task == null) {
                lane.busy = false;
                lanes.remove(lane.directoryId);
            }
            return task;
        }
    }

    /** Takes moved tasks out of their lanes, so a long-waiting lane does not keep every copy ever read. */
    void removeMoved(List<Task> moved) {
        if (moved.isEmpty()) {
            return;
        }
        synchronized (lanes) {
            Set<String> directories = new HashSet<>();
            moved.forEach(task -> directories.add(task.directoryId()));
            for (String directoryId : directories) {
                Lane lane = lanes.get(directoryId);
                if (lane != null) {
                    // A busy lane with an empty queue retires at its next turn (nextTask).
                    lane.queue.removeIf(Task::isMoved);
                }
            }
        }
    }

    /** How many tasks the directory's lane holds. */
    int queued(String directoryId) {
        synchronized (lanes) {
            Lane lane = lanes.get(directoryId);
            return lane == null ? 0 : lane.queue.size();
        }
    }

    private long intervalWaitNanos(Task task) {
        // The catalog's interval, not the claim event's: an admin who slows a directory down slows its queue too.
        long minInterval =
                TimeUnit.MILLISECONDS.toNanos(runner.currentDirectory(task).minIntervalMs());
        Long last = lastSubmission.get(task.directoryId());
        if (minInterval == 0 || last == null) {
            return 0;
        }
        return Math.max(0, last + minInterval - System.nanoTime());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static final class Lane {
        final String directoryId;
        // Priority tasks first, by the same bounded lead as between lanes; otherwise in arrival order.
        final PriorityQueue<Task> queue = new PriorityQueue<>(Comparator.comparingLong(task -> task.rank));
        boolean busy;

        Lane(String directoryId) {
            this.directoryId = directoryId;
        }
    }

    private final class LaneTurn implements Runnable, Comparable<LaneTurn> {
        final Lane lane;
        final long rank;

        LaneTurn(Lane lane, long rank) {
            this.lane = lane;
            this.rank = rank;
        }

        @Override
        public void run() {
            runTurn(lane);
        }

        @Override
        public int compareTo(LaneTurn other) {
            return Long.compare(rank, other.rank);
        }
    }
}
