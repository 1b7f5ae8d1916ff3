package com.autobolt.httpworker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Lease answers shaped as the contract's {@code next} 200 body. */
final class Leases {

    static final UUID JOB = UUID.fromString("7d1f0c4e-2a55-4d3b-9d0e-5b8f2c1a9e01");
    static final Map<String, String> DEMO_MAPPING = Map.of(
            "businessName", "name",
            "email", "email",
            "website", "url",
            "phone", "phone",
            "city", "city",
            "description", "about");

    private Leases() {}

    static Map<String, Object> business() {
        Map<String, Object> business = new LinkedHashMap<>();
        business.put("businessName", "Lakeside Bakery");
        business.put("email", "hello@lakeside.example");
        business.put("phone", "555-0100");
        business.put("website", "https://lakeside.example");
        business.put("city", "Springfield");
        business.put("description", "Fresh bread every day");
        return business;
    }

    static Map<String, Object> lease(UUID leaseId, Instant expiresAt, List<Map<String, Object>> tasks) {
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("leaseId", leaseId.toString());
        lease.put("expiresAt", expiresAt.toString());
        lease.put("jobId", JOB.toString());
        lease.put("attempt", 1);
        lease.put("priority", 3);
        lease.put("business", business());
        lease.put("tasks", tasks);
        return lease;
    }

    static Map<String, Object> task(String directoryId, String submissionUrl, boolean login, boolean captcha) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", taskId(directoryId));
        task.put("directoryId", directoryId);
        task.put("name", "Demo Directory " + directoryId);
        task.put("category", "restaurants");
        task.put("submissionUrl", submissionUrl);
        task.put("fieldMapping", DEMO_MAPPING);
        task.put("requiresLogin", login);
        task.put("requiresCaptcha", captcha);
        return task;
    }

    static String taskId(String directoryId) {
        return JOB + ":" + directoryId + ":1";
    }
}
