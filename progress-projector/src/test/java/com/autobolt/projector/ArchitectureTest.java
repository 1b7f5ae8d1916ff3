package com.autobolt.projector;

import com.autobolt.testinfra.architecture.HouseRules;
import org.junit.jupiter.api.Test;

/** The module boundaries (see {@link HouseRules}), checked on this module's main code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        HouseRules.check("com.autobolt.projector", "com.autobolt.analytics");
    }
}
