package com.autobolt.stack;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** What the demo reads of a job: {@code GET /api/jobs/{id}}'s status and progress. */
record JobView(String status, int total, int done, int submitted, int failed, int skipped, int percent) {

    private static final Set<String> TERMINAL = Set.of("complete", "failed", "cancelled");

    /** Before the first answer: nothing known yet. */
    static final JobView UNKNOWN = new JobView("pending", 0, 0, 0, 0, 0, 0);

    static JobView of(JsonNode job) {
        JsonNode progress = job.get("progress");
        return new JobView(
                job.get("status").asString(),
                progress.get("total").asInt(),
                progress.get("done").asInt(),
                progress.get("submitted").asInt(),
                progress.get("failed").asInt(),
                progress.get("skipped").asInt(),
                progress.get("percent").asInt());
    }

    boolean terminal() {
        return TERMINAL.contains(status);
    }
}
