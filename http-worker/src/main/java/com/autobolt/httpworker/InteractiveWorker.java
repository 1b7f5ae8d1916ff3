package com.autobolt.httpworker;

import com.autobolt.schemas.ListingUrls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Without {@code --auto}: shows a person each task (the directory, where to submit, what to type in
 * which field) and asks what became of it: {@code s} submitted (then the listing URL, if the site
 * gave one), {@code f} failed (why), {@code k} skip (why), {@code q} quit (what is not answered goes
 * back to the queue). Everything shown comes from job-api and is cleaned first ({@link TerminalText}).
 * The end of the input counts as {@code q}.
 */
final class InteractiveWorker implements TaskWorker {

    private final BufferedReader in;
    private final PrintWriter out;
    /** Whether the input has ended (the person closed it, or the script ran out): taken as quit. */
    private boolean closed;

    InteractiveWorker(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Outcome work(Lease lease, BooleanSupplier stopWorking) {
        List<TaskResult> results = new ArrayList<>();
        out.printf(
                "%nJob %s (attempt %d, priority %d): %d director%s to submit by hand, leased until %s.%n",
                lease.jobId(),
                lease.attempt(),
                lease.priority(),
                lease.tasks().size(),
                lease.tasks().size() == 1 ? "y" : "ies",
                lease.expiresAt());
        int number = 0;
        for (Task task : lease.tasks()) {
            number++;
            if (stopWorking.getAsBoolean()) {
                out.println("The lease has ended; the tasks not answered go back to the queue.");
                break;
            }
            show(lease, task, number);
            TaskResult result = ask(task);
            if (result == null) {
                out.println("Quitting: the tasks not answered go back to the queue.");
                out.flush();
                return new Outcome(results, true);
            }
            results.add(result);
        }
        out.flush();
        return new Outcome(results, false);
    }

    private void show(Lease lease, Task task, int number) {
        out.printf(
                "%n[%d/%d] %s  (%s%s)%n",
                number,
                lease.tasks().size(),
                orDash(task.name()),
                task.directoryId(),
                task.category() == null ? "" : ", " + task.category());
        if (task.requiresLogin() || task.requiresCaptcha()) {
            out.println("  needs: " + (task.requiresLogin() ? "a login " : "")
                    + (task.requiresCaptcha() ? "a captcha" : ""));
        }
        out.println("  open:  " + orDash(task.submissionUrl()));
        if (task.fieldMapping().isEmpty()) {
            out.println("  (no field mapping: fill in the business's details as the site asks)");
        }
        for (Map.Entry<String, String> field : task.fieldMapping().entrySet()) {
            String value = lease.profileValue(field.getKey());
            out.printf("  %-20s %s%n", field.getValue() + ":", value == null ? "(none in the profile)" : value);
        }
    }

    /** The person's answer for one task; null to quit. */
    private TaskResult ask(Task task) {
        while (true) {
            String answer = prompt("[s]ubmitted  [f]ailed  s[k]ip  [q]uit > ");
            if (answer == null) {
                return null;
            }
            switch (answer.trim().toLowerCase(Locale.ROOT)) {
                case "s" -> {
                    String url = listingUrl();
                    if (url == null && closed) {
                        return null;
                    }
                    return TaskResult.submitted(task.directoryId(), url);
                }
                case "f" -> {
                    String reason = reason("Why did it fail? ");
                    return reason == null ? null : TaskResult.failed(task.directoryId(), "rejected", reason);
                }
                case "k" -> {
                    String reason = reason("Why skip it? ");
                    return reason == null ? null : TaskResult.skipped(task.directoryId(), "not_applicable", reason);
                }
                case "q" -> {
                    return null;
                }
                default -> out.println("Type s, f, k or q.");
            }
        }
    }

    /** The listing URL the person gives (empty: none); asked again until it is an acceptable one. */
    private String listingUrl() {
        while (true) {
            String url = prompt("Listing URL (empty if the site gave none): ");
            if (url == null || url.isBlank()) {
                return null;
            }
            String problem = ListingUrls.problem(url.trim());
            if (problem == null) {
                return url.trim();
            }
            out.println(problem.replace("listing URL dropped: ", "Not a listing URL: ") + ". Try again.");
        }
    }

    private String reason(String question) {
        while (true) {
            String reason = prompt(question);
            if (reason == null) {
                return null;
            }
            if (!reason.isBlank()) {
                return TerminalText.clean(reason.trim(), TaskResult.MAX_REASON);
            }
            out.println("A few words, please: they are what staff will read.");
        }
    }

    private String prompt(String question) {
        out.print(question);
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) {
                closed = true;
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String orDash(String value) {
        return value == null ? "—" : value;
    }
}
