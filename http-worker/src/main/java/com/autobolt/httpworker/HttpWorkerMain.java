package com.autobolt.httpworker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./autobolt http-worker}: the reference worker over HTTP (see http-worker/README.md). Ctrl-C
 * or SIGTERM stops it after the task at hand, reporting the lease's results and requeueing the rest
 * (in the interactive mode, type q: a pending question is not interrupted).
 */
public final class HttpWorkerMain {

    static final Duration SITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private HttpWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args, System::getenv);
        } catch (WorkerOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Log log = new Log(System.err);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        LeaseClient client = new LeaseClient(options.api(), options.key(), http);
        TaskWorker worker = options.auto()
                ? new AutoSubmitter(http, SITE_TIMEOUT, log)
                : new InteractiveWorker(
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        WorkerLoop loop = new WorkerLoop(client, worker, options.maxTasks(), log);
        Thread main = Thread.currentThread();
        AtomicBoolean exiting = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (exiting.get()) {
                                return; // the loop has ended: nothing to wait for
                            }
                            loop.stop();
                            try {
                                main.join(STOP_WAIT.toMillis());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "http-worker-stop"));
        log.info("http-worker " + (options.auto() ? "(auto)" : "(interactive)") + " leasing from " + options.api()
                + ", up to " + options.maxTasks() + " tasks a lease");
        try {
            loop.run();
        } catch (LeaseClient.RefusedException e) {
            log.info(e.getMessage());
            exiting.set(true);
            System.exit(1);
        }
        exiting.set(true);
        log.info("http-worker stopped");
    }
}
