package com.autobolt.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a round's submissions reached the sandbox, sampled from its count every {@link #INTERVAL_MS}: how
 * long the first one took after the first job was created, how fast the middle went, and how long the
 * tail was from the last submission to every job having ended. A system with more hops pays them at the
 * start and the end of a round; this says how much of a round that was.
 */
final class SubmissionTimeline implements AutoCloseable {

    private static final long INTERVAL_MS = 250;

    private record Sample(long nanos, long submissions) {}

    private final ApiClient sandbox;
    private final long startedNanos;
    private final long work;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;

    private SubmissionTimeline(ApiClient sandbox, long startedNanos, long work) {
        this.sandbox = sandbox;
        this.startedNanos = startedNanos;
        this.work = work;
        this.sampler = new Thread(this::sample, "submission-timeline");
        sampler.setDaemon(true);
    }

    /** Samples from now on; {@code startedNanos} is when the round's first job was created. */
    static SubmissionTimeline start(ApiClient sandbox, long startedNanos, long work) {
        SubmissionTimeline timeline = new SubmissionTimeline(sandbox, startedNanos, work);
        timeline.sampler.start();
        return timeline;
    }

    private void sample() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long submissions = sandbox.get("/submissions/stats")
                        .body()
                        .get("submissions")
                        .asLong();
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), submissions));
                }
                Thread.sleep(INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            // the round has ended
        } catch (RuntimeException e) {
            System.out.println("submission timeline: sampling stopped: " + e);
        }
    }

    /**
     * Seconds after the first job's creation at which the sandbox had seen its first submission, a tenth,
     * half and nine tenths of the round's, and all of them (each to within a sample), and the round's rate
     * between a tenth and nine tenths.
     */
    String summary(long createdNanos, long endedNanos) {
        List<Sample> seen;
        synchronized (samples) {
            seen = List.copyOf(samples);
        }
        long tenth = reached(seen, Math.max(1, work / 10));
        long nineTenths = reached(seen, work * 9 / 10);
        double middleRate =
                tenth < 0 || nineTenths <= tenth ? Double.NaN : (work * 8 / 10) / ((nineTenths - tenth) / 1e9);
        return String.format(
                Locale.ROOT,
                "created by +%.1f s; submissions: first +%s, 10 %% +%s, 50 %% +%s, 90 %% +%s, all +%s s"
                        + " (%.1f/s between 10 and 90 %%); ended +%.1f s",
                seconds(createdNanos),
                at(reached(seen, 1)),
                at(tenth),
                at(reached(seen, work / 2)),
                at(nineTenths),
                at(reached(seen, work)),
                middleRate,
                seconds(endedNanos));
    }

    private static long reached(List<Sample> seen, long count) {
        for (Sample sample : seen) {
            if (sample.submissions() >= count) {
                return sample.nanos();
            }
        }
        return -1;
    }

    private String at(long nanos) {
        return nanos < 0 ? "?" : String.format(Locale.ROOT, "%.1f", seconds(nanos));
    }

    private double seconds(long nanos) {
        return (nanos - startedNanos) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
