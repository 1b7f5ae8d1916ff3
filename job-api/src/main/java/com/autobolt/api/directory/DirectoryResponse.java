package com.autobolt.api.directory;

import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.SubmissionMethod;
import java.time.Instant;
import java.util.Map;

record DirectoryResponse(
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
        ExecutionMode executionMode,
        Instant createdAt,
        Instant updatedAt) {}
