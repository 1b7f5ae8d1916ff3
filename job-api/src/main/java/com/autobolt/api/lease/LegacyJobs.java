package com.autobolt.api.lease;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The {@code data} of the replaced system's {@code GET /api/autobolt/jobs/next}, for a granted lease. */
final class LegacyJobs {

    private static final String JOB = """
            SELECT j.id, j.customer_id, j.package_type, j.directory_count, j.priority, j.created_at,
                   coalesce(j.started_at, now()) AS started_at, j.metadata::text AS metadata,
                   c.business_name, c.email, c.phone, c.address, c.city, c.state, c.zip, c.website, c.reference
            FROM jobs j JOIN customers c ON c.id = j.customer_id
            WHERE j.id = ?
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    LegacyJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The fields that system's clients read ({@code jobId ... metadata}; {@code status} is always
     * {@code in_progress}, as it was), and the lease: {@code leaseId}, {@code expiresAt} and the leased
     * {@code directories}, which is all such a client may work on.
     */
    Map<String, Object> data(LeaseService.Lease lease) {
        return jdbc.queryForObject(
                JOB,
                (row, i) -> {
                    Map<String, Object> businessData = new LinkedHashMap<>();
                    businessData.put("id", row.getObject("customer_id"));
                    businessData.put("customer_id", row.getString("reference"));
                    businessData.put("business_name", row.getString("business_name"));
                    businessData.put("email", row.getString("email"));
                    businessData.put("phone", row.getString("phone"));
                    businessData.put("address", row.getString("address"));
                    businessData.put("city", row.getString("city"));
                    businessData.put("state", row.getString("state"));
                    businessData.put("zip", row.getString("zip"));
                    businessData.put("website", row.getString("website"));
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("jobId", row.getObject("id"));
                    data.put("customerId", row.getObject("customer_id"));
                    data.put("customerName", row.getString("business_name"));
                    data.put("customerEmail", row.getString("email"));
                    data.put("packageType", row.getString("package_type"));
                    data.put("directoryLimit", row.getInt("directory_count"));
                    data.put("priorityLevel", row.getInt("priority"));
                    data.put("status", "in_progress");
                    data.put("createdAt", row.getTimestamp("created_at").toInstant());
                    data.put("startedAt", row.getTimestamp("started_at").toInstant());
                    data.put("businessData", businessData);
                    String metadata = row.getString("metadata");
                    data.put("metadata", metadata == null ? Map.of() : json.readTree(metadata));
                    data.put("leaseId", lease.leaseId());
                    data.put("expiresAt", lease.expiresAt());
                    data.put("directories", directories(lease));
                    return data;
                },
                lease.jobId());
    }

    private static List<Map<String, Object>> directories(LeaseService.Lease lease) {
        return lease.tasks().stream()
                .map(task -> {
                    Map<String, Object> directory =
                            WorkerLeaseController.task(task, lease.categories().get(task.directoryId()));
                    // The replaced system named directories in its results; these names match.
                    directory.put("directoryName", task.directory().name());
                    return directory;
                })
                .toList();
    }
}
