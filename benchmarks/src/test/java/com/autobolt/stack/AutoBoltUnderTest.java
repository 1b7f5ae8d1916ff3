package com.autobolt.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AutoBolt as {@code ./autobolt up} runs it: job-api (change stream included), the workers, the projector
 * and Kafka, each its own process; jobs created with {@code POST /api/jobs}.
 */
final class AutoBoltUnderTest implements SystemUnderTest {

    private final LocalStack stack;
    private final ApiClient staff;

    AutoBoltUnderTest(LocalStack stack) {
        this.stack = stack;
        this.staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
    }

    @Override
    public String name() {
        return "autobolt";
    }

    /** A customer through {@code POST /api/customers}, with the profile every system submits. */
    Customer createCustomer(Map<String, Object> profile, String packageType) {
        Map<String, Object> request = new LinkedHashMap<>(profile);
        request.put("packageType", packageType);
        ApiClient.Answer customer = staff.post("/api/customers", request);
        if (customer.status() != 201) {
            throw new IllegalStateException("POST /api/customers: " + customer.status() + " " + customer.body());
        }
        return new Customer(customer.body().get("id").asString(), profile);
    }

    @Override
    public String createJob(Customer customer, List<String> directoryIds) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("customerId", customer.autoboltId());
        request.put("packageType", EndToEndBenchmark.packageOf(directoryIds.size()));
        request.put("directoryIds", directoryIds);
        ApiClient.Answer job = staff.post("/api/jobs", request);
        if (job.status() != 201) {
            throw new IllegalStateException("POST /api/jobs: " + job.status() + " " + job.body());
        }
        return job.body().get("id").asString();
    }

    @Override
    public int ended(List<String> jobIds) throws SQLException {
        return aboutJobs(
                "SELECT count(*) FROM jobs WHERE id = ANY(?) AND status IN ('complete', 'failed', 'cancelled')",
                jobIds,
                count -> count.getInt(1));
    }

    /**
     * Each write of a job row is a change event that the change stream decodes and publishes, and that the
     * dispatchers, the cancellation followers, the live feed and the analytics stream read again: the rows'
     * versions (one more at every write) say how many a round made.
     */
    @Override
    public String diagnostics(List<String> jobIds) throws SQLException {
        return aboutJobs(
                "SELECT count(*), sum(version), max(version), sum(pg_column_size(j.*)) FROM jobs j WHERE id = ANY(?)",
                jobIds,
                row -> String.format(
                        java.util.Locale.ROOT,
                        "job rows written %d times for %d jobs (at most %d for one), a row %d bytes as stored",
                        row.getLong(2),
                        row.getLong(1),
                        row.getLong(3),
                        row.getLong(4) / Math.max(1, row.getLong(1))));
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The one row of a query over the given jobs ({@code id = ANY(?)}). */
    private <T> T aboutJobs(String sql, List<String> jobIds, RowReader<T> reader) throws SQLException {
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, uuids(connection, jobIds));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return reader.read(row);
            }
        }
    }

    @Override
    public List<String> inexact(Map<String, Integer> directoriesByJob) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = stack.connectDatabase();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, (SELECT count(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'submitted'),"
                                + " (SELECT count(*) FROM job_results r WHERE r.job_id = j.id) FROM jobs j WHERE id = ?")) {
            for (var job : directoriesByJob.entrySet()) {
                JobView view = JobView.of(staff.get("/api/jobs/" + job.getKey()).body());
                int expected = job.getValue();
                query.setObject(1, UUID.fromString(job.getKey()));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    boolean exact = "complete".equals(view.status())
                            && view.total() == expected
                            && view.done() == expected
                            && view.submitted() == expected
                            && view.percent() == 100
                            && row.getInt(2) == expected
                            && row.getInt(3) == expected;
                    if (!exact) {
                        problems.add("autobolt job " + job.getKey() + ": " + view + ", submitted rows " + row.getInt(2)
                                + " of " + row.getInt(3) + ", expected " + expected);
                    }
                }
            }
        }
        return problems;
    }

    @Override
    public Map<String, List<Long>> processes() {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        stack.servicePidsByName().forEach((name, pid) -> {
            if (!name.equals("directory-sandbox")) {
                List<Long> pids = new ArrayList<>(List.of(pid));
                ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
                processes.put(name, pids);
            }
        });
        return processes;
    }

    /**
     * Stops AutoBolt's services and Kafka, in reverse order of start, leaving PostgreSQL and the sandbox
     * to the peers: none of AutoBolt's processes runs while a peer is measured.
     */
    @Override
    public void close() {
        List<Map.Entry<String, Long>> services =
                new ArrayList<>(stack.servicePidsByName().entrySet());
        for (int i = services.size() - 1; i >= 0; i--) {
            if (services.get(i).getKey().equals("directory-sandbox")) {
                continue;
            }
            ProcessHandle.of(services.get(i).getValue()).ifPresent(process -> {
                process.destroy();
                try {
                    process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            });
        }
    }

    private static Array uuids(Connection connection, List<String> ids) throws SQLException {
        return connection.createArrayOf(
                "uuid", ids.stream().map(UUID::fromString).toArray());
    }
}
