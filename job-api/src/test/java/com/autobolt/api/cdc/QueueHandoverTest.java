package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.pipeline.Sizeable;
import io.debezium.util.LoggingContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debezium's own queue, as job-api configures it (1 ms, batches of 2048), with and without the handover. */
class QueueHandoverTest {

    private record Change(int n) implements Sizeable {
        @Override
        public long objectSize() {
            return 64;
        }
    }

    @Test
    void batchesAreWhatIsQueuedAtLeastOneAtMostTheMaximum() {
        assertThat(QueueHandover.batchSize(0, 2048)).isEqualTo(1);
        assertThat(QueueHandover.batchSize(37, 2048)).isEqualTo(37);
        assertThat(QueueHandover.batchSize(5000, 2048)).isEqualTo(2048);
    }

    @Test
    void aPollTakesEverythingQueuedAtOnce() throws Exception {
        ChangeEventQueue<Change> queue = queue();
        QueueHandover handover = new QueueHandover(queue, 2048);
        for (int n = 0; n < 37; n++) {
            queue.enqueue(new Change(n));
        }

        handover.beforePoll(Duration.ZERO);
        long started = System.nanoTime();
        List<Change> batch = queue.poll();

        assertThat(batch).hasSize(37);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void whileChangesFlowAPollTakesThoseThatCameWhileItGathered() throws Exception {
        ChangeEventQueue<Change> queue = queue();
        QueueHandover handover = new QueueHandover(queue, 2048);
        queue.enqueue(new Change(1));
        CompletableFuture<Void> producer = enqueueLater(queue, 20, new Change(2));

        handover.beforePoll(Duration.ofMillis(200));
        List<Change> batch = queue.poll();
        producer.get(5, TimeUnit.SECONDS);

        assertThat(batch).containsExactly(new Change(1), new Change(2));
    }

    @Test
    void anEmptyQueuesPollSleepsUntilAChangeIsQueuedWithoutSpinning() throws Exception {
        ChangeEventQueue<Change> queue = queue();
        // Debezium's own: a 1 ms wait for a full batch, then an empty one, spinning through the wait.
        assertThat(queue.poll()).isEmpty();

        QueueHandover handover = new QueueHandover(queue, 2048);
        CompletableFuture<Void> producer = enqueueLater(queue, 300, new Change(1));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        handover.beforePoll(Duration.ZERO);
        List<Change> batch = queue.poll();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuBefore);
        producer.get(5, TimeUnit.SECONDS);

        assertThat(batch).containsExactly(new Change(1));
        assertThat(waited).isBetween(Duration.ofMillis(250), QueueHandover.QUEUE_WAIT.minusMillis(100));
        assertThat(cpu).as("CPU while waiting 300 ms").isLessThan(Duration.ofMillis(60));
    }

    @Test
    void anEmptyQueuesPollReturnsEmptyAfterTheLongWait() throws Exception {
        ChangeEventQueue<Change> queue = queue();
        QueueHandover handover = new QueueHandover(queue, 2048);

        handover.beforePoll(Duration.ZERO);
        long started = System.nanoTime();
        assertThat(queue.poll()).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(QueueHandover.QUEUE_WAIT);
    }

    /** The stream thread's part: {@code change} queued {@code millis} from now, on another thread. */
    private static CompletableFuture<Void> enqueueLater(ChangeEventQueue<Change> queue, long millis, Change change) {
        return CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
                queue.enqueue(change);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static ChangeEventQueue<Change> queue() {
        return new ChangeEventQueue.Builder<Change>()
                .pollInterval(Duration.ofMillis(1))
                .maxBatchSize(2048)
                .maxQueueSize(8192)
                .loggingContextSupplier(() -> LoggingContext.forConnector("test", "test", "test"))
                .build();
    }
}
