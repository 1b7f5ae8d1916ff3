package com.autobolt.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Starts the stack as {@code ./autobolt up} does, from the built jars, in a given directory on free ports. */
final class TestStacks {

    private TestStacks() {}

    static StackSettings settings(Path stackDirectory) {
        StackSettings.Ports ports =
                new StackSettings.Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
