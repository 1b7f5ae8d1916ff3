package com.autobolt.schemas;

import java.util.Map;

/**
 * Everything an executor needs to know about a directory to submit a listing to it.
 *
 * @param fieldMapping our profile field name (as in {@link BusinessProfile}) → the site's form field
 * @param minIntervalMs the least time between two submissions to this directory
 */
public record SubmissionSpec(
        String directoryId,
        String name,
        String submissionUrl,
        SubmissionMethod submissionMethod,
        Map<String, String> fieldMapping,
        long minIntervalMs,
        boolean requiresLogin,
        boolean requiresCaptcha) {

    public SubmissionSpec {
        Require.text(directoryId, "directoryId");
        Require.text(name, "name");
        Require.text(submissionUrl, "submissionUrl");
        Require.present(submissionMethod, "submissionMethod");
        fieldMapping = Map.copyOf(Require.present(fieldMapping, "fieldMapping"));
        Require.notNegative(minIntervalMs, "minIntervalMs");
    }
}
