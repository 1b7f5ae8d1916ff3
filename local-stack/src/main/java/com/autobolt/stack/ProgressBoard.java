package com.autobolt.stack;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Draws one line per job: customer, package, a bar with submitted / failed / skipped segments,
 * percent, counts and status. On a terminal the lines are redrawn in place (ANSI cursor moves and
 * colours); otherwise each {@link #draw} prints them again as plain lines.
 */
final class ProgressBoard {

    static final int BAR_WIDTH = 30;
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean ansi;
    private int linesDrawn;

    ProgressBoard(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    boolean ansi() {
        return ansi;
    }

    void draw(List<DemoJob> jobs, Map<String, JobView> views, String footer) {
        StringBuilder text = new StringBuilder();
        if (ansi && linesDrawn > 0) {
            text.append("\u001b[").append(linesDrawn).append('A');
        }
        for (DemoJob job : jobs) {
            appendLine(text, line(job, views.getOrDefault(job.id(), JobView.UNKNOWN), ansi));
        }
        appendLine(text, footer);
        out.print(text);
        out.flush();
        linesDrawn = jobs.size() + 1;
    }

    private void appendLine(StringBuilder text, String line) {
        if (ansi) {
            text.append("\r\u001b[2K");
        }
        text.append(line).append('\n');
    }

    static String line(DemoJob job, JobView view, boolean ansi) {
        return String.format(
                "%-24s %-12s %s %3d%%  %3d/%-3d  submitted %3d  failed %3d  skipped %3d  %s",
                clip(job.customer(), 24),
                job.packageType(),
                bar(view, ansi),
                view.percent(),
                view.done(),
                view.total(),
                view.submitted(),
                view.failed(),
                view.skipped(),
                view.status());
    }

    /**
     * Segments proportional to the counts; a failed or skipped count that is not zero gets at least one
     * cell (taken from the submitted segment), so that a few failures stay visible.
     */
    static String bar(JobView view, boolean ansi) {
        int total = Math.max(view.total(), 1);
        int failed = visibleCells(view.failed(), total);
        int skipped = visibleCells(view.skipped(), total);
        int doneCells = cells(view.submitted() + view.failed() + view.skipped(), total);
        int submitted = Math.max(0, doneCells - failed - skipped);
        if (submitted == 0 && view.submitted() > 0 && failed + skipped < BAR_WIDTH) {
            submitted = 1;
        }
        failed = Math.min(failed, BAR_WIDTH - submitted - skipped);
        int rest = BAR_WIDTH - submitted - failed - skipped;
        if (!ansi) {
            return "[" + "#".repeat(submitted) + "x".repeat(failed) + "-".repeat(skipped) + ".".repeat(rest) + "]";
        }
        return "[" + GREEN + "█".repeat(submitted) + RED + "█".repeat(failed) + YELLOW + "█".repeat(skipped) + DIM
                + "·".repeat(rest) + RESET + "]";
    }

    private static int visibleCells(int count, int total) {
        return count == 0 ? 0 : Math.max(1, cells(count, total));
    }

    private static int cells(int count, int total) {
        return (int) Math.min(BAR_WIDTH, Math.round((double) count * BAR_WIDTH / total));
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
