package com.autobolt.projector;

import com.autobolt.analytics.AnalyticsStreamConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Projects result events into job_results and the progress of jobs; also runs the analytics stream (the
 * PII-free analytics topics), switched by {@code AUTOBOLT_ANALYTICS_ENABLED}.
 */
@SpringBootApplication
@Import(AnalyticsStreamConfiguration.class)
public class ProgressProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProgressProjectorApplication.class, args);
    }
}
