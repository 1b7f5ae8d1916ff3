package com.autobolt.nemesis;

import com.autobolt.stack.LocalStack;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Injects the planned faults at their times, each on a thread of its own, and heals each one (starts
 * the killed process again, resumes the paused one, takes the latency off, lets connections through).
 * A fault waits while its target is still busy with an earlier one; Kafka's nodes share one lock, so that
 * at most one is out at a time. The faults on the services' path to Kafka act on every node's proxy at once.
 */
final class Nemesis {

    private final LocalStack stack;
    private final FaultyProxy proxy;
    private final List<FaultyProxy> kafkaProxies;
    private final FaultLog log;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopped;
    private Thread scheduler;

    /**
     * @param proxy the proxy between the services and PostgreSQL
     * @param kafkaProxies the proxy between the services and each Kafka node
     */
    Nemesis(LocalStack stack, FaultyProxy proxy, List<FaultyProxy> kafkaProxies, FaultLog log) {
        this.stack = stack;
        this.proxy = proxy;
        this.kafkaProxies = List.copyOf(kafkaProxies);
        this.log = log;
    }

    void start(List<Fault> plan) {
        scheduler = new Thread(() -> run(plan), "nemesis");
        scheduler.start();
    }

    private void run(List<Fault> plan) {
        for (Fault fault : plan) {
            long wait = fault.at().toNanos() - log.elapsedNanos();
            try {
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                return;
            }
            Thread thread = new Thread(() -> inject(fault), "fault-" + fault.number());
            synchronized (running) {
                running.add(thread);
            }
            thread.start();
        }
    }

    /** Stops starting faults and waits until every fault begun is over. */
    void stopAndHeal() throws InterruptedException {
        stopped = true;
        scheduler.interrupt();
        scheduler.join();
        List<Thread> threads;
        synchronized (running) {
            threads = List.copyOf(running);
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(5).toMillis());
        }
        List<FaultyProxy> proxies = new ArrayList<>(kafkaProxies);
        proxies.add(0, proxy);
        for (FaultyProxy each : proxies) {
            each.latency(0);
            try {
                each.heal();
            } catch (IOException e) {
                log.print("could not heal the proxy on port " + each.port() + ": " + e);
            }
        }
    }

    private void inject(Fault fault) {
        ReentrantLock lock = locks.computeIfAbsent(
                fault.target().matches("kafka-\\d+") ? "kafka nodes" : fault.target(), t -> new ReentrantLock());
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            long start = log.elapsedNanos();
            String outcome;
            try {
                outcome = apply(fault);
            } catch (RuntimeException | IOException e) {
                outcome = "FAILED TO HEAL: " + e.getMessage();
            }
            log.record(new FaultLog.Entry(fault, start, log.elapsedNanos(), outcome));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private String apply(Fault fault) throws InterruptedException, IOException {
        switch (fault.kind()) {
            case KILL -> {
                stack.kill(fault.target());
                Thread.sleep(fault.hold().toMillis());
                long restart = System.nanoTime();
                restartRetrying(fault.target());
                return "(restarted, healthy after " + Fault.seconds(Duration.ofNanos(System.nanoTime() - restart))
                        + ")";
            }
            case PAUSE -> {
                long pid = stack.servicePidsByName().get(fault.target());
                signal("STOP", pid);
                try {
                    Thread.sleep(fault.hold().toMillis());
                } finally {
                    signal("CONT", pid);
                }
                return "(resumed)";
            }
            case POSTGRES -> {
                stack.restartPostgresImmediately();
                return "(pg_ctl stop -m immediate, started again)";
            }
            case LATENCY -> {
                proxy.latency(fault.latency().toMillis());
                try {
                    Thread.sleep(fault.hold().toMillis());
                } finally {
                    proxy.latency(0);
                }
                return "(latency off)";
            }
            case DROP -> {
                proxy.cut();
                try {
                    Thread.sleep(fault.hold().toMillis());
                } finally {
                    proxy.heal();
                }
                return "(connections accepted again)";
            }
            case KAFKA_LATENCY -> {
                kafkaProxies.forEach(each -> each.latency(fault.latency().toMillis()));
                try {
                    Thread.sleep(fault.hold().toMillis());
                } finally {
                    kafkaProxies.forEach(each -> each.latency(0));
                }
                return "(latency off)";
            }
            case KAFKA_DROP -> {
                // Every node at once: the services lose Kafka, not one broker (kill and pause take one node out).
                try {
                    for (FaultyProxy each : kafkaProxies) {
                        each.cut();
                    }
                    Thread.sleep(fault.hold().toMillis());
                } finally {
                    for (FaultyProxy each : kafkaProxies) {
                        each.heal();
                    }
                }
                return "(connections accepted again)";
            }
            default -> throw new IllegalStateException(fault.kind().name());
        }
    }

    /** A start can fail while another fault holds Kafka or the database; it is tried again, three times in all. */
    private void restartRetrying(String target) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.restart(target);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.print("restart of " + target + " failed (" + e.getMessage() + "); trying again");
                try {
                    stack.kill(target);
                } catch (RuntimeException ignored) {
                    // already gone
                }
                Thread.sleep(5_000);
            }
        }
    }

    /** SIGSTOP or SIGCONT to the process and its descendants (the JVM under setsid is the process itself). */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid)));
        ProcessHandle.of(pid)
                .ifPresent(process -> process.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }
}
