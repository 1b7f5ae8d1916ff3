package com.autobolt.stack;

import java.nio.file.Path;

/**
 * Starts the stack as {@code ./autobolt up} does, from the built jars, in a given directory on free
 * ports. Every integration test of the local stack starts its stack through here.
 */
final class TestStacks {

    private TestStacks() {}

    /** Settings as {@code ./autobolt up} makes them, with the given stack directory and every port free. */
    static StackSettings settings(Path stackDirectory) {
        int[] free = PortCheck.distinctFreePorts(8);
        StackSettings.Ports ports =
                new StackSettings.Ports(free[0], free[1], free[2], free[3], free[4], free[5], free[6], free[7]);
        return new StackSettings(
                Path.of("..").toAbsolutePath().normalize(),
                stackDirectory,
                ports,
                false,
                StackSettings.DEFAULT_JAVA_OPTIONS);
    }

    static LocalStack start(Path stackDirectory) {
        return LocalStack.start(settings(stackDirectory));
    }
}
