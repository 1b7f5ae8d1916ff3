package com.autobolt.nemesis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The job-workers' logs of a run ({@code job-worker-<n>.log}), the evidence of what each worker did. */
final class WorkerLogs {

    private WorkerLogs() {}

    /** Every {@code job-worker-*.log} of the directory, by name. */
    static List<Path> in(Path logDirectory) throws IOException {
        try (Stream<Path> files = Files.list(logDirectory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("job-worker-"))
                    .sorted()
                    .toList();
        }
    }
}
