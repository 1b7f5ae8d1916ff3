package com.autobolt.api.stats;

import java.util.List;
import java.util.Map;

/**
 * Counts over all jobs and results. {@code successRate} of a directory is submitted ÷ (submitted +
 * failed) over its results, {@code null} before any of them ended either way; skipped ones do not count.
 */
record StatsResponse(
        Map<String, Long> jobsByStatus, Map<String, Long> resultsByStatus, List<DirectoryStats> directories) {

    record DirectoryStats(
            String directoryId,
            String name,
            long submitted,
            long failed,
            long skipped,
            long open,
            Double successRate) {}
}
