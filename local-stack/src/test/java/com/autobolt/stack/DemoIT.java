package com.autobolt.stack;

import static com.autobolt.stack.StackTestSupport.assertExactProgress;
import static com.autobolt.stack.StackTestSupport.directoriesOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./autobolt demo}: the stack as the run command starts it, then the demo's customers and jobs
 * of every package, watched until each ends; every job's progress is exact.
 */
class DemoIT {

    @TempDir
    Path stackDirectory;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldRunTheDemoUntilEveryJobHasEndedWithExactProgress() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(StackTestSupport.settings(stackDirectory))) {
            ApiClient staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
            Demo demo = new Demo(
                    staff,
                    new ProgressBoard(new PrintStream(output, true, StandardCharsets.UTF_8), false),
                    Duration.ZERO);

            Demo.Result result = demo.run(Demo.PACKAGES, Duration.ofMinutes(12));

            assertThat(result.jobs()).extracting(DemoJob::packageType).containsExactlyElementsOf(Demo.PACKAGES);
            for (DemoJob job : result.jobs()) {
                assertExactProgress(stack, job.id(), result.finals().get(job.id()), directoriesOf(job.packageType()));
                // the API's own view of the rows agrees with the database's
                JobView again = JobView.of(staff.get("/api/jobs/" + job.id()).body());
                assertThat(again).isEqualTo(result.finals().get(job.id()));
            }
            String summary = DemoSummary.of(result);
            assertThat(summary).contains("total (4 jobs)").contains("Lakeside Bakery");
            System.out.println(output.toString(StandardCharsets.UTF_8) + summary);
        }
        String board = output.toString(StandardCharsets.UTF_8);
        assertThat(board).doesNotContain("\u001b[").contains("4 of 4 jobs finished");
        assertThat(board.lines().filter(line -> line.contains("100%")).count()).isGreaterThanOrEqualTo(4);
    }
}
