package com.autobolt.api.job;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads one job as the API shows it, for other features (the live event streams). */
@Component
public class JobLookup {

    private final JobRepository jobs;

    JobLookup(JobRepository jobs) {
        this.jobs = jobs;
    }

    public Optional<JobResponse> find(UUID id) {
        return jobs.find(id).map(JobRow::toResponse);
    }
}
