package com.autobolt.schemas;

/**
 * The one progress formula: {@code done} is the number of directories in a terminal state,
 * {@code pending} the rest, {@code percent = floor(100 × done / total)}.
 */
public record Progress(int total, int done, int submitted, int failed, int skipped, int pending, int percent) {

    public Progress {
        if (total < 0 || submitted < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("progress counts must not be negative");
        }
        if (done != submitted + failed + skipped || pending != total - done || done > total) {
            throw new IllegalArgumentException("inconsistent progress: total=" + total + " done=" + done + " submitted="
                    + submitted + " failed=" + failed + " skipped=" + skipped + " pending=" + pending);
        }
        if (percent != percentOf(done, total)) {
            throw new IllegalArgumentException("percent " + percent + " does not match " + done + "/" + total);
        }
    }

    public static Progress of(int total, int submitted, int failed, int skipped) {
        int done = submitted + failed + skipped;
        return new Progress(total, done, submitted, failed, skipped, total - done, percentOf(done, total));
    }

    public static int percentOf(int done, int total) {
        return total == 0 ? 0 : (int) (100L * done / total);
    }

    public boolean isFinished() {
        return total > 0 && done == total;
    }
}
