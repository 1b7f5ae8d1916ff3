package com.autobolt.stack;

import com.autobolt.testinfra.architecture.HouseRules;
import org.junit.jupiter.api.Test;

/** The module boundaries (see {@link HouseRules}), checked on this module's main code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        // The launcher runs the sandbox from its own jar, so it may use it; the services run as jars of their own.
        HouseRules.check("com.autobolt.stack", "com.autobolt.sandbox");
    }
}
