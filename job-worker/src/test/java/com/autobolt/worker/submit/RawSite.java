package com.autobolt.worker.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A site that answers every request with whatever bytes a test gives it, written straight to the
 * socket: the answers no well-behaved HTTP server library would send (NUL bytes, megabyte headers,
 * a body that never ends).
 */
final class RawSite implements AutoCloseable {

    /** Writes the answer to one request; may block, sleep or never return. */
    interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    private RawSite(Answer answer) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(() -> serve(answer), "raw-site");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawSite answering(Answer answer) {
        return new RawSite(answer);
    }

    /** An answer of a status line, headers and body given as text (ISO-8859-1, so any byte can be written). */
    static RawSite answering(String rawResponse) {
        byte[] bytes = rawResponse.getBytes(StandardCharsets.ISO_8859_1);
        return new RawSite(out -> out.write(bytes));
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/submit";
    }

    private void serve(Answer answer) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> answer(socket, answer), "raw-site-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket, Answer answer) {
        try (socket) {
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            answer.write(out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The client gave up or the test ended: nothing to answer to.
        }
    }

    /** Reads the request head and as much body as Content-Length says, so the client sees its request taken. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
