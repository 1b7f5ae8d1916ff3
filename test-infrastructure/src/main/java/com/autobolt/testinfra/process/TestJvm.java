package com.autobolt.testinfra.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a service's main class in a JVM of its own, on the test's class path, so that a test can
 * kill it as an operating system would (SIGKILL: no shutdown hook, no clean close of anything).
 */
public final class TestJvm {

    private TestJvm() {}

    /**
     * @param maxHeap as for {@code -Xmx}, e.g. {@code 256m}
     * @param log where its standard output and error go (replaced)
     */
    public static Process start(Class<?> mainClass, String maxHeap, Path log, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-cp",
                // Under Surefire and Failsafe a manifest-only jar whose Class-Path lists the test class path.
                System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
