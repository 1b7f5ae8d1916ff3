package com.autobolt.api.job;

import java.util.List;

/** The jobs of a batch, in the request's order. */
record CreateJobsResponse(List<JobResponse> jobs) {}
