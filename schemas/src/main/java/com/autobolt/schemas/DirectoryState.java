package com.autobolt.schemas;

import java.time.Instant;
import java.util.Map;

/**
 * A row of the {@code directories} catalog as published in {@link DirectoryChanged}.
 *
 * @param executionMode absent in events written before it existed: then {@link
 *     ExecutionMode#defaultFor(boolean, boolean)}, as migration V16 decided for the rows it found
 */
public record DirectoryState(
        String id,
        String name,
        String website,
        String category,
        String submissionUrl,
        SubmissionMethod submissionMethod,
        Map<String, String> fieldMapping,
        int domainAuthority,
        boolean active,
        long minIntervalMs,
        boolean requiresLogin,
        boolean requiresCaptcha,
        Instant createdAt,
        Instant updatedAt,
        ExecutionMode executionMode) {

    public DirectoryState {
        Require.text(id, "id");
        Require.text(name, "name");
        Require.text(submissionUrl, "submissionUrl");
        Require.present(submissionMethod, "submissionMethod");
        fieldMapping = Map.copyOf(Require.present(fieldMapping, "fieldMapping"));
        if (domainAuthority < 0 || domainAuthority > 100) {
            throw new IllegalArgumentException("domainAuthority must be 0–100, was " + domainAuthority);
        }
        Require.notNegative(minIntervalMs, "minIntervalMs");
        Require.present(createdAt, "createdAt");
        Require.present(updatedAt, "updatedAt");
        executionMode =
                executionMode == null ? ExecutionMode.defaultFor(requiresLogin, requiresCaptcha) : executionMode;
    }

    /** A catalog entry whose mode is the default for its login and captcha flags. */
    public DirectoryState(
            String id,
            String name,
            String website,
            String category,
            String submissionUrl,
            SubmissionMethod submissionMethod,
            Map<String, String> fieldMapping,
            int domainAuthority,
            boolean active,
            long minIntervalMs,
            boolean requiresLogin,
            boolean requiresCaptcha,
            Instant createdAt,
            Instant updatedAt) {
        this(
                id,
                name,
                website,
                category,
                submissionUrl,
                submissionMethod,
                fieldMapping,
                domainAuthority,
                active,
                minIntervalMs,
                requiresLogin,
                requiresCaptcha,
                createdAt,
                updatedAt,
                null);
    }

    /** Whether a person or browser does this directory's tasks, through the lease service. */
    public boolean external() {
        return executionMode == ExecutionMode.EXTERNAL;
    }

    /** The part of the catalog entry an executor needs. */
    public SubmissionSpec submissionSpec() {
        return new SubmissionSpec(
                id, name, submissionUrl, submissionMethod, fieldMapping, minIntervalMs, requiresLogin, requiresCaptcha);
    }
}
