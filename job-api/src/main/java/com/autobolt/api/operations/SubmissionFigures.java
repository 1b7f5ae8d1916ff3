package com.autobolt.api.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the directories did in the last hour, from {@code job_results}: submissions per minute and, for
 * the busiest directories, success and latency. A row counts once it ended {@code submitted} or
 * {@code failed}, at the minute of its {@code updated_at}, which the projector sets to the time of the
 * row's last event (the worker's terminal result). Both queries read that hour alone, through the
 * partial index {@code job_results_finished_idx} (migration V11), each within the query timeout.
 */
class SubmissionFigures {

    static final int MINUTES = 60;

    private final JdbcTemplate jdbc;
    private final int topDirectories;
    private final Clock clock;

    SubmissionFigures(DataSource dataSource, OperationsProperties properties, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, properties.queryTimeout().toSeconds()));
        this.topDirectories = properties.topDirectories();
        this.clock = clock;
    }

    record Minute(Instant minute, long submitted, long failed) {}

    record DirectoryFigures(
            String directoryId,
            String name,
            long finished,
            long submitted,
            long failed,
            double successRate,
            Long latencyP50Ms,
            Long latencyP95Ms) {}

    record Figures(Instant from, List<Minute> perMinute, List<DirectoryFigures> directories) {}

    /** One snapshot for both queries, so that the chart and the table agree. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Figures lastHour() {
        // The current minute (so far) and the 59 before it.
        Instant from = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(MINUTES - 1));
        Map<Instant, Minute> minutes = new LinkedHashMap<>();
        for (int i = 0; i < MINUTES; i++) {
            Instant minute = from.plus(Duration.ofMinutes(i));
            minutes.put(minute, new Minute(minute, 0, 0));
        }
        jdbc.query(
                "SELECT date_trunc('minute', updated_at) AS minute,"
                        + " count(*) FILTER (WHERE status = 'submitted') AS submitted,"
                        + " count(*) FILTER (WHERE status = 'failed') AS failed"
                        + " FROM job_results WHERE status IN ('submitted', 'failed') AND updated_at >= ?"
                        + " GROUP BY 1",
                rs -> {
                    Minute counted = new Minute(
                            rs.getTimestamp("minute").toInstant(), rs.getLong("submitted"), rs.getLong("failed"));
                    // A clock ahead of ours (a worker's) may put a row past the current minute: left out.
                    minutes.replace(counted.minute(), counted);
                },
                Timestamp.from(from));
        List<DirectoryFigures> directories = new ArrayList<>(jdbc.query(
                "SELECT r.directory_id, d.name, count(*) AS finished,"
                        + " count(*) FILTER (WHERE r.status = 'submitted') AS submitted,"
                        + " count(*) FILTER (WHERE r.status = 'failed') AS failed,"
                        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY r.duration_ms) AS p50,"
                        + " percentile_disc(0.95) WITHIN GROUP (ORDER BY r.duration_ms) AS p95"
                        + " FROM job_results r JOIN directories d ON d.id = r.directory_id"
                        + " WHERE r.status IN ('submitted', 'failed') AND r.updated_at >= ?"
                        + " GROUP BY r.directory_id, d.name ORDER BY finished DESC, r.directory_id LIMIT ?",
                (rs, row) -> {
                    long finished = rs.getLong("finished");
                    long submitted = rs.getLong("submitted");
                    return new DirectoryFigures(
                            rs.getString("directory_id"),
                            rs.getString("name"),
                            finished,
                            submitted,
                            rs.getLong("failed"),
                            (double) submitted / finished,
                            (Long) rs.getObject("p50", Long.class),
                            (Long) rs.getObject("p95", Long.class));
                },
                Timestamp.from(from),
                topDirectories));
        return new Figures(from, List.copyOf(minutes.values()), directories);
    }
}
