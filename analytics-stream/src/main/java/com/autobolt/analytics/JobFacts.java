package com.autobolt.analytics;

import com.autobolt.schemas.JobState;
import com.autobolt.schemas.PackageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** What an outcome needs to know of its job, kept per job in the stream's {@code job-facts} store. */
record JobFacts(PackageType packageType, Instant createdAt) {

    static JobFacts of(JobState job) {
        return new JobFacts(job.packageType(), job.createdAt());
    }

    /** The stored form: {@code <package> <createdAt>}, a few dozen bytes per job. */
    byte[] bytes() {
        return (packageType.value() + " " + createdAt).getBytes(StandardCharsets.UTF_8);
    }

    static JobFacts parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        return new JobFacts(PackageType.fromValue(text.substring(0, space)), Instant.parse(text.substring(space + 1)));
    }
}
