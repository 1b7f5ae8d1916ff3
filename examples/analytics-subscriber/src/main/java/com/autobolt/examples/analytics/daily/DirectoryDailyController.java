package com.autobolt.examples.analytics.daily;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /directories/{id}/daily}: a directory's figures per day, oldest first (empty when unknown). */
@RestController
class DirectoryDailyController {

    private final JdbcTemplate jdbc;

    DirectoryDailyController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param successRate submitted / all counted outcomes of the day, 0 to 1
     * @param medianDurationMs the median of the day's outcomes that have a duration; null if none has
     */
    record Day(
            LocalDate day, int submitted, int failed, int skipped, BigDecimal successRate, Double medianDurationMs) {}

    @GetMapping("/directories/{directoryId}/daily")
    List<Day> daily(@PathVariable String directoryId) {
        return jdbc.query(
                "SELECT day, submitted, failed, skipped, success_rate, median_duration_ms FROM directory_daily"
                        + " WHERE directory_id = ? ORDER BY day",
                (rs, n) -> new Day(
                        rs.getObject("day", LocalDate.class),
                        rs.getInt("submitted"),
                        rs.getInt("failed"),
                        rs.getInt("skipped"),
                        rs.getBigDecimal("success_rate"),
                        rs.getObject("median_duration_ms", Double.class)),
                directoryId);
    }
}
