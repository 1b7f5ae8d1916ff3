package com.autobolt.api.support;

import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * For test classes that need no catalog or totals of their own: they share one database and so one
 * application context (declared once, here, so the context cache can reuse it). Test classes run one
 * after another, so "nothing was stored" checks still hold.
 */
public abstract class SharedApiTestSupport extends ApiTestSupport {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();

    @DynamicPropertySource
    static void sharedDatabase(DynamicPropertyRegistry registry) {
        configure(registry, DATABASE);
    }
}
