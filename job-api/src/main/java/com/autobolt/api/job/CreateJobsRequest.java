package com.autobolt.api.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Jobs to create together, all or none ({@code POST /api/jobs/batch}): each as {@link CreateJobRequest}.
 * At most {@value #MAX_JOBS}, and the body at most 64 KiB as every body.
 */
record CreateJobsRequest(
        @NotNull @Size(min = 1, max = MAX_JOBS) List<@NotNull @Valid CreateJobRequest> jobs) {

    static final int MAX_JOBS = 100;
}
