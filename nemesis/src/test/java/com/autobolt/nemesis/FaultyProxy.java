package com.autobolt.nemesis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in the services' path: in front of PostgreSQL, which every service's database connection
 * goes through ({@code StackSettings.withServicePostgresPort}), and in front of each Kafka node's service
 * listener ({@code StackSettings.withServiceKafkaListeners}). The nemesis delays every read by a set latency,
 * or cuts every open connection and refuses new ones for a while, as a bad network would. Each connection
 * takes two threads (one per direction): the services open tens, not thousands. After job-api's test proxy
 * (its cdc package), with latency added; the soak's own, since test code is not shared.
 */
final class FaultyProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile long latencyMillis;

    FaultyProxy(int port, int targetPort) throws IOException {
        this.port = port;
        this.targetPort = targetPort;
        listen();
    }

    int port() {
        return port;
    }

    /** The connections forwarded now. */
    int openConnections() {
        return sockets.size() / 2;
    }

    void latency(long millis) {
        latencyMillis = millis;
    }

    /** Refuses new connections and cuts the open ones. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void heal() throws IOException {
        if (server.isClosed()) {
            listen();
        }
    }

    private void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                try {
                    Socket upstream = new Socket("127.0.0.1", targetPort);
                    if (!track(socket, client, upstream)) {
                        continue;
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    closeQuietly(client); // the target is down: the client sees its connection fail
                }
            } catch (IOException e) {
                // closed by cut()
            }
        }
    }

    /**
     * Keeps a new connection's sockets to cut them later, unless a cut came between its accept and now:
     * then it is closed, as the cut would have, and {@code false} returned.
     */
    private synchronized boolean track(ServerSocket acceptedBy, Socket client, Socket upstream) {
        if (acceptedBy.isClosed()) {
            closeQuietly(client);
            closeQuietly(upstream);
            return false;
        }
        sockets.add(client);
        sockets.add(upstream);
        return true;
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            long delay = latencyMillis;
                            if (delay > 0) {
                                Thread.sleep(delay);
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side went away; closing both ends tells the other
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
