package com.autobolt.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.context.SmartLifecycle;

/**
 * A thread that follows a topic for as long as its application runs (with {@link FollowerConsumers}): its
 * start, its stop, and the pauses between tries, which a stop cuts short. The stop wakes the consumer up
 * (never an interrupt, which would keep the consumer from closing cleanly) and waits a bounded time for the
 * thread. A subclass writes the loop ({@link #follow}), runs it while {@link #isRunning()}, and says which
 * consumer it polls ({@link #following}).
 */
public abstract class FollowerThread implements SmartLifecycle {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final String threadName;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<?, ?> consumer;
    private Thread thread;

    protected FollowerThread(String threadName) {
        this.threadName = threadName;
    }

    /** The loop: follows the topic while {@link #isRunning()}, replacing its consumer after a failure. */
    protected abstract void follow();

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::follow, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        stopping.countDown();
        KafkaConsumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The consumer the loop polls now, or null between consumers: the one a stop wakes up. */
    protected final void following(KafkaConsumer<?, ?> current) {
        consumer = current;
    }

    /** Waits, unless the application stops first. */
    protected final void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
