package com.autobolt.nemesis;

import com.autobolt.sandbox.Hostility;
import com.autobolt.stack.ApiClient;
import com.autobolt.stack.DemoCatalog;
import com.autobolt.stack.LocalStack;
import com.autobolt.stack.StackException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A steady mixed load through job-api, as staff would make it: every 3 to 9 s (drawn from the seed) a new
 * job of any package and priority (one in six on a directory list that holds every hostile sandbox site),
 * a cancel of a recent job, or a retry of an ended job (whole, or one failed directory). Requests that
 * fail while job-api is down or slow are counted and the load goes on; what job-api stored is checked at
 * the end whether the load heard its answer or not.
 *
 * <p>Workers over HTTP are in the load through the jobs themselves: the demo directories that need a login
 * or a captcha are {@code external}, and the stack's reference HTTP worker ({@code --auto}) leases their
 * tasks from job-api and reports them, beside the Kafka workers.
 */
final class Load {

    private static final List<String> PACKAGES = List.of("starter", "growth", "professional", "enterprise");
    /** Starter most, enterprise (500 directories) rarely: the machine has two cores for the whole stack. */
    private static final int[] PACKAGE_WEIGHTS = {55, 30, 12, 3};

    private final ApiClient staff;
    private final SplittableRandom random;
    private final FaultLog log;
    private final List<String> jobs = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final long seed;
    private volatile boolean stopped;
    private Thread thread;

    Load(LocalStack stack, long seed, FaultLog log) {
        this.staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
        this.random = new SplittableRandom(seed ^ 0x5eedL);
        this.seed = seed;
        this.log = log;
    }

    /**
     * Makes every hostile sandbox site an active directory (admin key), so that jobs may be planned onto
     * them, and deactivates the demo directories whose sites hang ({@link DemoCatalog#hangingIds()}): each
     * of their tasks takes every try, about 30 s, in its directory's lane, so that one such directory ends
     * two tasks a minute while the load plans it into most jobs. Its backlog would outgrow any quiet
     * timeout; the hostile sites that hang or trickle stay in the load, in one starter job in six.
     */
    static void prepareDirectories(LocalStack stack) {
        ApiClient admin = new ApiClient(stack.apiBaseUrl(), stack.keys().admin());
        for (Hostility hostility : Hostility.values()) {
            setActive(admin, DemoCatalog.hostileId(hostility), true);
        }
        DemoCatalog.hangingIds().forEach(id -> setActive(admin, id, false));
    }

    private static void setActive(ApiClient admin, String id, boolean active) {
        ApiClient.Answer directory = admin.get("/api/directories/" + id);
        if (directory.status() != 200) {
            throw new IllegalStateException(id + ": " + directory.status() + " " + directory.body());
        }
        ObjectNode request = (ObjectNode) directory.body();
        request.put("active", active);
        request.remove(List.of("createdAt", "updatedAt"));
        ApiClient.Answer updated = admin.put("/api/directories/" + id, request);
        if (updated.status() != 200) {
            throw new IllegalStateException(id + ": " + updated.status() + " " + updated.body());
        }
    }

    void start() {
        thread = new Thread(this::run, "load");
        thread.start();
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(60_000);
    }

    int created() {
        return created.get();
    }

    String summary() {
        return created + " jobs created, " + cancels + " cancels, " + retries + " retries, " + refused
                + " requests refused or unanswered";
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(random.nextLong(3_000, 9_000));
            } catch (InterruptedException e) {
                return;
            }
            int action = random.nextInt(100);
            try {
                if (action < 70 || jobs.size() < 3) {
                    createJob();
                } else if (action < 80) {
                    cancel(jobs.get(jobs.size() - 1 - random.nextInt(Math.min(5, jobs.size()))));
                } else {
                    retry(jobs.get(random.nextInt(jobs.size())));
                }
            } catch (StackException | IllegalStateException e) {
                refused.incrementAndGet();
            }
        }
    }

    private void createJob() {
        String packageType = weightedPackage();
        int number = created.get() + refused.get() + cancels.get() + retries.get();
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("businessName", "Soak Business " + number);
        customer.put("email", "owner-" + Long.toHexString(seed) + "-" + number + "@soak.example.com");
        customer.put("website", "https://soak-" + number + ".example.com");
        customer.put(
                "category", List.of("restaurants", "legal", "health", "retail").get(random.nextInt(4)));
        customer.put("packageType", packageType);
        ApiClient.Answer answer = staff.post("/api/customers", customer);
        if (answer.status() != 201) {
            throw new IllegalStateException("customer: " + answer.status());
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("customerId", answer.body().get("id").asString());
        request.put("packageType", packageType);
        request.put("priority", 1 + random.nextInt(5));
        if (packageType.equals("starter") && random.nextInt(6) == 0) {
            request.put("directoryIds", hostileDirectoryList());
        }
        ApiClient.Answer job = staff.post("/api/jobs", request);
        if (job.status() != 201) {
            throw new IllegalStateException("job: " + job.status() + " " + job.body());
        }
        jobs.add(job.body().get("id").asString());
        created.incrementAndGet();
    }

    /** Every hostile site, then ordinary demo directories (none that hangs or waits), 50 in all: a starter's. */
    private static List<String> hostileDirectoryList() {
        List<String> ids = new ArrayList<>();
        for (Hostility hostility : Hostility.values()) {
            ids.add(DemoCatalog.hostileId(hostility));
        }
        for (int i = 1; ids.size() < 50; i++) {
            if (i % 20 != 0 && i % 101 != 0) {
                ids.add(String.format("demo-%03d", i));
            }
        }
        return ids;
    }

    private String weightedPackage() {
        int draw = random.nextInt(100);
        for (int i = 0; i < PACKAGES.size(); i++) {
            draw -= PACKAGE_WEIGHTS[i];
            if (draw < 0) {
                return PACKAGES.get(i);
            }
        }
        return PACKAGES.get(0);
    }

    private void cancel(String jobId) {
        ApiClient.Answer answer = staff.post("/api/jobs/" + jobId + "/cancel", Map.of());
        if (answer.status() >= 500) {
            throw new IllegalStateException("cancel: " + answer.status());
        }
        if (answer.status() < 300) {
            cancels.incrementAndGet();
        }
    }

    /** A whole retry of an ended job, or of one failed directory of it (a 409 for a job not ended is fine). */
    private void retry(String jobId) {
        ApiClient.Answer answer;
        if (random.nextBoolean()) {
            answer = staff.post("/api/jobs/" + jobId + "/retry", Map.of());
        } else {
            JsonNode results = staff.get("/api/jobs/" + jobId + "/results").body();
            String failed = null;
            if (results != null) {
                for (JsonNode result : results.path("results")) {
                    if ("failed".equals(result.path("status").asString(""))) {
                        failed = result.path("directoryId").asString();
                        break;
                    }
                }
            }
            if (failed == null) {
                return;
            }
            answer = staff.post("/api/jobs/" + jobId + "/results/" + failed + "/retry", Map.of());
        }
        if (answer.status() >= 500) {
            throw new IllegalStateException("retry: " + answer.status());
        }
        if (answer.status() < 300) {
            retries.incrementAndGet();
        }
    }
}
