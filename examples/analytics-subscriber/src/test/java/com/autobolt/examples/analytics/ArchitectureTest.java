package com.autobolt.examples.analytics;

import com.autobolt.testinfra.architecture.HouseRules;
import org.junit.jupiter.api.Test;

/** The module boundaries (see {@link HouseRules}): a subscriber uses AutoBolt's schemas and nothing else of it. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        HouseRules.check("com.autobolt.examples.analytics");
    }
}
