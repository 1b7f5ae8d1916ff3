package com.autobolt.api.metrics;

import com.autobolt.schemas.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges read from PostgreSQL every {@code interval}, never per scrape, so that any number of scrapers
 * costs the database the same: jobs by status, the jobs in progress that have stopped moving, and the
 * WAL the change stream's replication slot keeps (what PostgreSQL cannot recycle until the stream reads
 * past it). A failed read keeps the last values and is logged; the next read tries again.
 */
public final class DatabaseGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);

    private static final String JOBS_BY_STATUS = "SELECT status, count(*) FROM jobs GROUP BY status";
    // The projector sets updated_at on every batch that touches the job (a claim included), and job-api
    // on every change it makes: a row whose updated_at stays put is a job nothing is happening to.
    private static final String STALLED =
            "SELECT count(*) FROM jobs WHERE status = 'in_progress' AND updated_at < now() - ? * interval '1 millisecond'";
    private static final String RETAINED_WAL =
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots WHERE slot_name = ?";

    private final JdbcTemplate jdbc;
    private final String slotName;
    private final Duration interval;
    private final Duration stalledAfter;
    private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);
    private final AtomicLong stalled = new AtomicLong();
    // NaN while unknown: before the first read, or while the slot does not exist.
    private volatile double retainedWalBytes = Double.NaN;
    private ScheduledExecutorService timer;

    /**
     * @param slotName the change stream's replication slot, or null when this instance runs no change
     *     stream (then there is no retained WAL gauge)
     * @param stalledAfter how long an in-progress job's row must stay unchanged to count as stalled
     */
    public DatabaseGauges(
            JdbcTemplate jdbc, MeterRegistry registry, String slotName, Duration interval, Duration stalledAfter) {
        this.jdbc = jdbc;
        this.slotName = slotName;
        this.interval = interval;
        this.stalledAfter = stalledAfter;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            jobs.put(status, count);
            Gauge.builder("autobolt.jobs", count, AtomicLong::get)
                    .description("Jobs in the database by status, counted every " + interval)
                    .tag("status", status.value())
                    .register(registry);
        }
        Gauge.builder("autobolt.jobs.stalled", stalled, AtomicLong::get)
                .description("Jobs in progress whose row has not changed for " + stalledAfter + ", counted every "
                        + interval)
                .register(registry);
        if (slotName != null) {
            Gauge.builder("autobolt.cdc.slot.retained.wal", this, gauges -> gauges.retainedWalBytes)
                    .description("WAL the change stream's replication slot keeps from being recycled, read every "
                            + interval)
                    .baseUnit("bytes")
                    .tag("slot", slotName)
                    .register(registry);
        }
    }

    /** One read of every gauge; public for tests that cannot wait for the interval. */
    public void refresh() {
        Map<JobStatus, Long> counted = new EnumMap<>(JobStatus.class);
        jdbc.query(JOBS_BY_STATUS, row -> {
            counted.put(JobStatus.fromValue(row.getString(1)), row.getLong(2));
        });
        jobs.forEach((status, count) -> count.set(counted.getOrDefault(status, 0L)));
        stalled.set(jdbc.queryForObject(STALLED, Long.class, stalledAfter.toMillis()));
        if (slotName != null) {
            Double retained = jdbc.query(RETAINED_WAL, rows -> rows.next() ? rows.getDouble(1) : null, slotName);
            retainedWalBytes = retained == null ? Double.NaN : retained;
        }
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn(
                    "metrics: reading the jobs and the replication slot failed, keeping the last values: {}",
                    e.toString());
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-gauges");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refreshLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
