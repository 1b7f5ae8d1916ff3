package com.autobolt.api.directory;

import com.autobolt.api.web.HttpUrl;
import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.SubmissionMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A directory of the catalog, to create ({@code POST}, with {@code id}) or replace ({@code PUT},
 * {@code id} from the path). Directories are never deleted: {@code active: false} retires one.
 *
 * @param executionMode who submits it: {@code automatic} (the job-worker) or {@code external} (an HTTP
 *     worker, through the lease service); left out, external when it requires a login or a captcha
 */
record DirectoryRequest(
        @NotNull(groups = OnCreate.class) @Pattern(regexp = ID_PATTERN, message = "must match " + ID_PATTERN)
        String id,

        @NotBlank @Size(max = 200) String name,
        @Size(max = 2048) @HttpUrl String website,
        @Size(max = 100) String category,
        @NotBlank @Size(max = 2048) @HttpUrl String submissionUrl,
        @NotNull SubmissionMethod submissionMethod,
        @Size(max = 100) Map<@NotBlank @Size(max = 100) String, @NotNull @Size(max = 500) String> fieldMapping,
        @NotNull @Min(0) @Max(100) Integer domainAuthority,
        Boolean active,
        @Min(0) @Max(86_400_000) Long minIntervalMs,
        Boolean requiresLogin,
        Boolean requiresCaptcha,
        ExecutionMode executionMode) {

    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,79}";

    /** The validation group of {@code POST}, where the id is required. */
    interface OnCreate {}

    Map<String, String> fieldMappingOrEmpty() {
        return fieldMapping == null ? Map.of() : fieldMapping;
    }

    boolean activeOrDefault() {
        return active == null || active;
    }

    long minIntervalMsOrDefault() {
        return minIntervalMs == null ? 0 : minIntervalMs;
    }
}
