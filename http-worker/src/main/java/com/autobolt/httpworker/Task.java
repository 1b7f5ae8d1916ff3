package com.autobolt.httpworker;

import java.util.Map;

/**
 * One directory of a lease, as job-api sent it, cleaned and bounded ({@link LeaseJson}).
 *
 * @param fieldMapping profile field (ours) to the site's form field, in the order to show and send
 */
record Task(
        String taskId,
        String directoryId,
        String name,
        String category,
        String submissionUrl,
        Map<String, String> fieldMapping,
        boolean requiresLogin,
        boolean requiresCaptcha) {}
