package com.autobolt.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox standalone: {@code java -cp ... com.autobolt.sandbox.DirectorySandboxMain [config.json]}.
 * Without a file it listens on {@code SANDBOX_PORT} (default 8089) and every site succeeds at once.
 */
public final class DirectorySandboxMain {

    private DirectorySandboxMain() {}

    public static void main(String[] args) throws Exception {
        SandboxConfig config = args.length > 0
                ? SandboxConfig.read(Path.of(args[0]))
                : new SandboxConfig(
                        null, Integer.parseInt(System.getenv().getOrDefault("SANDBOX_PORT", "8089")), null, Map.of());
        DirectorySandbox sandbox = DirectorySandbox.start(config.host(), config.port(), config.defaults());
        config.directories().forEach(sandbox::configure);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println("directory sandbox listening on " + sandbox.baseUrl());
        stopped.await();
    }
}
