package com.autobolt.httpworker;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads an answer's body within a size and a time bound: a peer that sends megabytes, or trickles
 * its answer a byte a second, or never ends it, costs at most {@code maxBytes} of memory and
 * {@code timeout} of waiting (the stream is closed under the reader when the time is up). The JDK's
 * client bounds only the wait for the answer's headers.
 */
final class BoundedBody {

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-worker-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private BoundedBody() {}

    /** The body's bytes: at most {@code maxBytes}; {@code truncated} when there were more (not read). */
    record Body(byte[] bytes, boolean truncated) {}

    static Body read(InputStream in, int maxBytes, Duration timeout) throws IOException {
        ScheduledFuture<?> deadline =
                DEADLINES.schedule(() -> closeQuietly(in), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (in) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                return new Body(Arrays.copyOf(bytes, maxBytes), true);
            }
            return new Body(bytes, false);
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new IOException("the answer did not arrive within " + timeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the wait is cut short; nothing more to do
        }
    }
}
