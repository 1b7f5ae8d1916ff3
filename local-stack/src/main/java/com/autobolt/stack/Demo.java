package com.autobolt.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo ({@code ./autobolt demo}): creates a few customers and one job for each, of the given
 * packages, through the REST API with the staff key; then shows every job's progress (read with
 * {@code GET /api/jobs/{id}}) until all are terminal, and returns what they ended with.
 */
final class Demo {

    static final List<String> PACKAGES = List.of("starter", "growth", "professional", "enterprise");
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final List<Business> BUSINESSES = List.of(
            new Business("Lakeside Bakery", "Portland", "restaurants"),
            new Business("Northgate Family Law", "Denver", "legal"),
            new Business("Sunrise Dental Care", "Phoenix", "health"),
            new Business("Bluebird Plumbing", "Austin", "home-services"),
            new Business("Copper Kettle Books", "Boston", "retail"),
            new Business("Pixel Forge Studio", "Seattle", "technology"));

    private record Business(String name, String city, String category) {
        String slug() {
            return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
    }

    /** What the demo's jobs ended with, and how long each took as the demo saw it. */
    record Result(List<DemoJob> jobs, Map<String, JobView> finals, Map<String, Duration> elapsed, Duration total) {}

    private final ApiClient staff;
    private final ProgressBoard board;
    private final Duration plainInterval;

    /**
     * @param plainInterval how often the board is printed again when it cannot be redrawn in place
     */
    Demo(ApiClient staff, ProgressBoard board, Duration plainInterval) {
        this.staff = staff;
        this.board = board;
        this.plainInterval = plainInterval;
    }

    /** Creates the jobs and watches them; throws when they are not all terminal within {@code timeout}. */
    Result run(List<String> packages, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        List<DemoJob> jobs = create(packages);
        Map<String, Duration> elapsed = new HashMap<>();
        Map<String, JobView> finals = watch(jobs, elapsed, timeout);
        return new Result(jobs, finals, elapsed, Duration.ofNanos(System.nanoTime() - start));
    }

    List<DemoJob> create(List<String> packages) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<DemoJob> jobs = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            Business business = BUSINESSES.get(i % BUSINESSES.size());
            String customerId = createCustomer(business, packages.get(i), "demo-" + run + "-" + (i + 1));
            Map<String, Object> request = Map.of("customerId", customerId, "packageType", packages.get(i));
            ApiClient.Answer job = staff.post("/api/jobs", request);
            require(job, 201, "job");
            jobs.add(new DemoJob(job.body().get("id").asString(), business.name(), packages.get(i), System.nanoTime()));
        }
        return jobs;
    }

    private String createCustomer(Business business, String packageType, String mailbox) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("businessName", business.name());
        request.put("email", mailbox + "@" + business.slug() + ".example.com");
        request.put("website", "https://" + business.slug() + ".example.com");
        request.put("phone", "+1 555 0100");
        request.put("city", business.city());
        request.put("category", business.category());
        request.put("description", business.name() + ", a demo customer of the AutoBolt local stack.");
        request.put("packageType", packageType);
        ApiClient.Answer customer = staff.post("/api/customers", request);
        require(customer, 201, "customer");
        return customer.body().get("id").asString();
    }

    private Map<String, JobView> watch(List<DemoJob> jobs, Map<String, Duration> elapsed, Duration timeout)
            throws InterruptedException {
        Map<String, JobView> views = new HashMap<>();
        long start = System.nanoTime();
        long lastPrinted = 0;
        while (true) {
            for (DemoJob job : jobs) {
                if (!elapsed.containsKey(job.id())) {
                    ApiClient.Answer answer = staff.get("/api/jobs/" + job.id());
                    require(answer, 200, "job " + job.id());
                    JobView view = JobView.of(answer.body());
                    views.put(job.id(), view);
                    if (view.terminal()) {
                        elapsed.put(job.id(), Duration.ofNanos(System.nanoTime() - job.createdNanos()));
                    }
                }
            }
            long now = System.nanoTime();
            boolean allDone = elapsed.size() == jobs.size();
            if (board.ansi() || allDone || lastPrinted == 0 || now - lastPrinted >= plainInterval.toNanos()) {
                board.draw(jobs, views, footer(elapsed.size(), jobs.size(), Duration.ofNanos(now - start)));
                lastPrinted = now;
            }
            if (allDone) {
                return views;
            }
            if (now - start > timeout.toNanos()) {
                throw new StackException("the demo's jobs did not all finish within " + timeout.toMinutes()
                        + " min; their state is above, the services' logs tell why");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static String footer(int finished, int jobs, Duration elapsed) {
        return finished + " of " + jobs + " jobs finished, " + seconds(elapsed) + " elapsed";
    }

    private static void require(ApiClient.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new StackException(
                    "job-api refused the demo's " + what + " (HTTP " + answer.status() + "): " + answer.body());
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
