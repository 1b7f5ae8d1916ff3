package com.autobolt.api.stats;

import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ResultStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "stats")
class StatsController {

    private final JdbcClient jdbc;

    StatsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/stats")
    // One snapshot for the three queries, so the counts agree with each other.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    @Operation(summary = "Jobs per status, results per status, success rate per directory (viewer, staff, admin)")
    public StatsResponse stats() {
        return new StatsResponse(
                countBy(
                        "jobs",
                        Arrays.stream(JobStatus.values()).map(JobStatus::value).toList()),
                countBy(
                        "job_results",
                        Arrays.stream(ResultStatus.values())
                                .map(ResultStatus::value)
                                .toList()),
                perDirectory());
    }

    /** Every status of the vocabulary, in its order, zero where no row has it. */
    private Map<String, Long> countBy(String table, List<String> vocabulary) {
        Map<String, Long> counts = new LinkedHashMap<>();
        vocabulary.forEach(status -> counts.put(status, 0L));
        jdbc.sql("SELECT status, count(*) AS n FROM " + table + " GROUP BY status")
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    /** Directories that have results at all, by id. */
    private List<StatsResponse.DirectoryStats> perDirectory() {
        return jdbc.sql("SELECT r.directory_id, d.name,"
                        + " count(*) FILTER (WHERE r.status = 'submitted') AS submitted,"
                        + " count(*) FILTER (WHERE r.status = 'failed') AS failed,"
                        + " count(*) FILTER (WHERE r.status = 'skipped') AS skipped,"
                        + " count(*) FILTER (WHERE r.status IN ('pending', 'claimed')) AS open"
                        + " FROM job_results r JOIN directories d ON d.id = r.directory_id"
                        + " GROUP BY r.directory_id, d.name ORDER BY r.directory_id")
                .query((rs, row) -> {
                    long submitted = rs.getLong("submitted");
                    long failed = rs.getLong("failed");
                    return new StatsResponse.DirectoryStats(
                            rs.getString("directory_id"),
                            rs.getString("name"),
                            submitted,
                            failed,
                            rs.getLong("skipped"),
                            rs.getLong("open"),
                            submitted + failed == 0 ? null : (double) submitted / (submitted + failed));
                })
                .list();
    }
}
