package com.autobolt.stack;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops {@link TestStacks#shared()} when the test run ends, while the test JVM still runs: stopping it
 * from a shutdown hook could be cut short when the build kills a test JVM slow to exit, leaving the
 * stack's processes behind.
 */
public final class SharedStackSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestStacks.stopShared();
    }
}
