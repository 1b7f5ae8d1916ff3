package com.autobolt.api;

import com.autobolt.kafka.KafkaSetupConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The front door of AutoBolt: customers, the directory catalog and jobs, and their change stream. */
@SpringBootApplication
// Kafka settings and topic provisioning, the same as every AutoBolt service's.
@Import(KafkaSetupConfiguration.class)
public class JobApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobApiApplication.class, args);
    }
}
