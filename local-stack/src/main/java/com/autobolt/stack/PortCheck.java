package com.autobolt.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks, before anything starts, that every port of the stack is free. */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(StackSettings.Ports ports) {
        requireFree(ports.uses());
    }

    static void requireFree(List<StackSettings.PortUse> uses) {
        List<String> problems = new ArrayList<>();
        for (StackSettings.PortUse use : uses) {
            if (!isFree(use.port())) {
                problems.add("port " + use.port() + " (" + use.service() + ") is already in use;"
                        + " stop what uses it or choose another port: " + use.variable() + "=<port> ./autobolt up");
            }
        }
        long distinct =
                uses.stream().mapToInt(StackSettings.PortUse::port).distinct().count();
        if (distinct < uses.size()) {
            problems.add("two services were given the same port: " + uses);
        }
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n", problems));
        }
    }

    /** A port that is free at this moment (the system's choice). */
    /** {@code count} different free ports: each socket stays open until all are picked, so none repeats. */
    static int[] distinctFreePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new StackException("no free port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only a probe
                }
            }
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the servers do: connections of a stopped server in TIME_WAIT do not hold the port
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
