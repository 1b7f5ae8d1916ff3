package com.autobolt.stack;

import com.autobolt.testinfra.tracing.OtlpReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Starts the stack as {@code ./autobolt up} does, from the built jars, in a given directory on free
 * ports. Every integration test of the local stack starts its stack through here: its own
 * ({@link #start}) when it stops or restarts it, else the one {@link #shared()} stack.
 */
final class TestStacks {

    /**
     * The class order of the test classes on the shared stack (see {@code junit-platform.properties}):
     * after every other class, so that no class's own stack runs beside the shared one (DashboardBrowserIT
     * and ObservabilityIT, in either order). HostileSitesIT runs last: should hostile answers ever get past the worker and stall the projector again, they
     * must not stall the dashboard test's jobs too.
     */
    static final int SHARED_STACK_ORDER = Integer.MAX_VALUE - 2;

    static final int SHARED_STACK_LAST = Integer.MAX_VALUE - 1;

    private static LocalStack shared;
    private static OtlpReceiver sharedTraces;

    private TestStacks() {}

    /** Settings as {@code ./autobolt up} makes them, with the given stack directory and every port free. */
    static StackSettings settings(Path stackDirectory) {
        return settings(stackDirectory, 1, StackSettings.DEFAULT_WORKERS, 1);
    }

    /** As {@code ./autobolt up --brokers=B --workers=W --projectors=P}, in the given directory, every port free. */
    static StackSettings settings(Path stackDirectory, int brokers, int workers, int projectors) {
        int[] probed = PortCheck.distinctFreePorts(3 + 2 * brokers);
        Set<Integer> taken = Arrays.stream(probed).boxed().collect(Collectors.toCollection(HashSet::new));
        PrimitiveIterator.OfInt free = Arrays.stream(probed).iterator();
        StackSettings.Ports ports = new StackSettings.Ports(
                free.nextInt(),
                free.nextInt(),
                free.nextInt(),
                next(free, brokers),
                next(free, brokers),
                withFreeActuatorPort(workers, taken),
                withFreeActuatorPort(projectors, taken));
        return new StackSettings(
                Path.of("..").toAbsolutePath().normalize(),
                stackDirectory,
                ports,
                false,
                StackSettings.DEFAULT_JAVA_OPTIONS);
    }

    private static List<Integer> next(PrimitiveIterator.OfInt free, int count) {
        return IntStream.range(0, count).mapToObj(i -> free.nextInt()).toList();
    }

    /** Free service ports whose actuator port ({@link StackSettings.Ports#managementPort}) is free too. */
    private static List<Integer> withFreeActuatorPort(int count, Set<Integer> taken) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = PortCheck.distinctFreePorts(1)[0];
            int actuator = StackSettings.Ports.managementPort(port);
            if (actuator <= 65535 && !taken.contains(port) && !taken.contains(actuator) && PortCheck.isFree(actuator)) {
                ports.add(port);
                taken.add(port);
                taken.add(actuator);
            }
        }
        return ports;
    }

    static LocalStack start(Path stackDirectory) {
        return LocalStack.start(settings(stackDirectory));
    }

    /**
     * One stack for the test classes that only add jobs of their own and never stop it
     * (DashboardBrowserIT, ObservabilityIT, HostileSitesIT): started by the first that asks, in {@code target/shared-stack}
     * (emptied first; its logs stay there after the run), and stopped when the test run ends
     * ({@link SharedStackSession}). Each stack start costs minutes on the 2-core machines.
     */
    static synchronized LocalStack shared() {
        if (shared == null) {
            Path directory = Path.of("target", "shared-stack").toAbsolutePath();
            LocalStack.deleteTree(directory);
            // The shared stack's services export their spans here, so that a test can follow a job's trace
            // across them (TracingIT); every other test on it runs with tracing on too.
            sharedTraces = OtlpReceiver.start();
            shared = LocalStack.start(settings(directory)
                    .withServiceEnvironment(Map.of("AUTOBOLT_TRACING_OTLP_ENDPOINT", sharedTraces.tracesUrl())));
            // Only if the run ends without closing its launcher session (a JVM told to exit).
            Runtime.getRuntime().addShutdownHook(new Thread(TestStacks::stopShared, "shared-stack-stop"));
        }
        return shared;
    }

    /** The spans {@link #shared()}'s services have exported so far. */
    static synchronized OtlpReceiver sharedTraces() {
        shared();
        return sharedTraces;
    }

    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
        if (sharedTraces != null) {
            sharedTraces.close();
            sharedTraces = null;
        }
    }
}
