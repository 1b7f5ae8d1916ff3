package com.autobolt.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./autobolt demo}: runs the demo in this terminal, against the stack this process started or one already up. */
final class DemoCommand {

    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private DemoCommand() {}

    /** Whether job-api of this stack directory's ports already answers UP (a stack started elsewhere). */
    static boolean stackIsRunning(StackSettings settings) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + settings.ports().api() + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The demo against a stack that is already up; Ctrl-C stops the demo, the stack and its jobs go on. */
    static void runAgainstRunningStack(StackSettings settings, List<String> packages) throws InterruptedException {
        if (!Files.exists(settings.keysFile())) {
            throw new StackException(
                    "job-api answers on port " + settings.ports().api() + " but there is no " + settings.keysFile()
                            + ": start the demo with the same --dir as the running stack");
        }
        DemoKeys keys = DemoKeys.loadOrCreate(settings.keysFile());
        String baseUrl = "http://localhost:" + settings.ports().api();
        System.out.println("using the AutoBolt stack already running at " + baseUrl);
        AtomicBoolean finished = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!finished.get()) {
                                System.out.println("\ndemo stopped; its jobs go on in the running stack");
                            }
                        },
                        "demo-shutdown"));
        run(new ApiClient(baseUrl, keys.staff()), packages);
        finished.set(true);
    }

    static Demo.Result run(ApiClient staff, List<String> packages) throws InterruptedException {
        boolean ansi = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        Demo demo = new Demo(staff, new ProgressBoard(System.out, ansi), PLAIN_INTERVAL);
        System.out.println("\ndemo: " + packages.size() + " customers, one job each (" + String.join(", ", packages)
                + "); progress from GET /api/jobs/{id}\n");
        Demo.Result result = demo.run(packages, TIMEOUT);
        System.out.print(DemoSummary.of(result));
        return result;
    }
}
