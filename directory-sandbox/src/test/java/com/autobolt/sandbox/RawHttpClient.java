package com.autobolt.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client that reads an answer as the bytes on the wire, without the limits and checks of a real
 * HTTP client (which refuses a 1 MB header or a body that never ends): the hostile sites' tests need
 * to see exactly what was sent.
 */
final class RawHttpClient {

    private static final int BLANK_LINE = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';

    private RawHttpClient() {}

    /** The answer as received: its head parsed, its body the raw bytes received within the read's limits. */
    record Answer(int status, List<String[]> headers, byte[] body, boolean bodyEnded, long millisToFirstBodyByte) {

        Optional<String> header(String name) {
            return headers.stream()
                    .filter(header -> header[0].equalsIgnoreCase(name))
                    .map(header -> header[1])
                    .findFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Posts a submission to the sandbox's directory and reads the answer: the head whole, then the
     * body until it ends, {@code maxBodyBytes} have arrived or {@code readFor} has passed.
     */
    static Answer submit(DirectorySandbox sandbox, String directoryId, int maxBodyBytes, Duration readFor)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sandbox.port())) {
            socket.setSoTimeout(200);
            byte[] form = "name=Hostile+Test".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /directories/" + directoryId + "/submit HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\n"
                            + "Idempotency-Key: raw-" + System.nanoTime() + "\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: " + form.length + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(form);
            out.flush();
            long deadline = System.nanoTime() + readFor.toNanos();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int lastFour = 0; // the head ends with the first \r\n\r\n
            while (lastFour != BLANK_LINE) {
                int b = read(in, deadline);
                if (b < 0) {
                    throw new IOException("the answer's head did not end within " + readFor);
                }
                head.write(b);
                lastFour = (lastFour << 8) | b;
            }
            long bodyStart = System.nanoTime();
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[] {
                    lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()
                });
            }
            long declared = headers.stream()
                    .filter(header -> header[0].equalsIgnoreCase("Content-Length"))
                    .mapToLong(header -> Long.parseLong(header[1]))
                    .findFirst()
                    .orElse(-1);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long firstByte = -1;
            boolean ended = false;
            while (body.size() < maxBodyBytes) {
                if (declared >= 0 && body.size() == declared) {
                    ended = true;
                    break;
                }
                int b = read(in, deadline);
                if (b == -2) {
                    break; // time is up
                }
                if (b < 0) {
                    ended = true;
                    break;
                }
                if (firstByte < 0) {
                    firstByte = (System.nanoTime() - bodyStart) / 1_000_000;
                }
                body.write(b);
            }
            return new Answer(status, headers, body.toByteArray(), ended, firstByte);
        }
    }

    /** The next byte, -1 at the end of the stream, -2 once the deadline has passed. */
    private static int read(InputStream in, long deadline) throws IOException {
        while (System.nanoTime() < deadline) {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                // look at the deadline again
            }
        }
        return -2;
    }
}
