package com.autobolt.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Projects result events into job_results and the progress of jobs. */
@SpringBootApplication
public class ProgressProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProgressProjectorApplication.class, args);
    }
}
