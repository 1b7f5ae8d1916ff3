package com.autobolt.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/** Writes the answer of each {@link Hostility} into a response of the sandbox's HTTP server. */
final class HostileAnswers {

    static final int HUGE_BODY_BYTES = 5 * 1024 * 1024;
    static final long ENDLESS_PAUSE_MS = 100;
    static final long TRICKLE_PAUSE_MS = 1000;
    static final int HUGE_HEADER_CHARS = 1024 * 1024;
    static final int MANY_HEADERS = 5000;
    static final int LONG_LOCATION_CHARS = 3200;
    static final int LONG_ERROR_CHARS = 5000;
    static final String SCRIPT = "<script>alert('autobolt')</script><img src=x onerror=\"alert('autobolt')\">";

    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    // Built once: the sandbox of the local stack runs in 128 MB, and these are the same for every answer.
    private static final String HUGE_HEADER_VALUE = "h".repeat(HUGE_HEADER_CHARS);
    static final String LONG_ERROR =
            "long error text ".repeat(LONG_ERROR_CHARS / 16 + 1).substring(0, LONG_ERROR_CHARS);

    private HostileAnswers() {}

    /**
     * Sets the status, headers and body {@code hostility} answers with; a streaming body is written by
     * the server once the handler has returned.
     *
     * @param listingUrl the absolute listing URL an honest site would send
     * @return the status answered
     */
    static int write(Hostility hostility, ClassicHttpResponse response, String listingUrl) {
        switch (hostility) {
            case NUL_IN_JSON ->
                json(
                        response,
                        200,
                        "{\"status\":\"error\",\"error\":\"refused\\u0000 bell\\u0007 esc\\u001b[31m red\\u001b[0m"
                                + " nul\\u0000\",\"listingUrl\":\"" + listingUrl + "\\u0000\"}");
            case RAW_CONTROL_BYTES ->
                bytes(
                        response,
                        200,
                        concat(
                                ascii("{\"status\":\"error\",\"error\":\"nul:"),
                                new byte[] {0},
                                ascii(" bell:"),
                                new byte[] {7},
                                ascii(" esc:"),
                                new byte[] {27},
                                ascii("[2J backspace:"),
                                new byte[] {8},
                                ascii(" del:"),
                                new byte[] {127},
                                ascii(" end\"}")));
            case INVALID_UTF8 ->
                bytes(
                        response,
                        200,
                        concat(ascii("{\"status\":\"error\",\"error\":\""), invalidUtf8(), ascii("\"}"), binary()));
            case HUGE_BODY ->
                streamed(
                        response,
                        new HugeEntity(
                                ascii("{\"status\":\"error\",\"error\":\""),
                                (byte) 'x',
                                HUGE_BODY_BYTES,
                                ascii("\"}")));
            case ENDLESS_BODY ->
                streamed(response, new EndlessEntity(ascii("{\"status\":\"ok\",\"listingUrl\":\"" + listingUrl + "?")));
            case TRICKLE ->
                streamed(
                        response,
                        new TrickleEntity(ascii("{\"status\":\"ok\",\"listingUrl\":\"" + listingUrl + "\"}")));
            case HUGE_HEADER -> {
                created(response, listingUrl);
                response.addHeader("X-Huge", HUGE_HEADER_VALUE);
            }
            case MANY_HEADERS -> {
                created(response, listingUrl);
                for (int i = 0; i < MANY_HEADERS; i++) {
                    response.addHeader("X-Filler-" + i, "value " + i);
                }
            }
            case LONG_LOCATION ->
                created(response, listingUrl + "?padding=" + "p".repeat(LONG_LOCATION_CHARS - listingUrl.length() - 9));
            case JAVASCRIPT_LOCATION -> created(response, "javascript:alert('autobolt')");
            case DATA_LOCATION -> created(response, "data:text/html," + SCRIPT);
            case RELATIVE_LOCATION -> created(response, listingUrl.substring(listingUrl.indexOf("/listings/")));
            case GARBAGE_LOCATION -> created(response, ":: not a url %zz [] {} | \\ ^ ::");
            case SCRIPT_LOCATION ->
                created(response, listingUrl.substring(0, listingUrl.indexOf("/listings/")) + "/listings/\">" + SCRIPT);
            case LONG_ERROR -> json(response, 422, errorBody(LONG_ERROR));
            case LONG_ERROR_IN_BODY -> json(response, 200, errorBody(LONG_ERROR));
            case SCRIPT_IN_BODY -> json(response, 200, errorBody(SCRIPT));
        }
        return response.getCode();
    }

    private static void created(ClassicHttpResponse response, String location) {
        response.setHeader("Location", location);
        json(response, 201, "{\"status\":\"ok\"}");
    }

    private static String errorBody(String error) {
        return "{\"status\":\"error\",\"error\":\"" + error.replace("\"", "\\\"") + "\"}";
    }

    private static void json(ClassicHttpResponse response, int status, String body) {
        bytes(response, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ClassicHttpResponse response, int status, byte[] body) {
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(body, JSON));
    }

    private static void streamed(ClassicHttpResponse response, WrittenEntity body) {
        response.setCode(200);
        response.setEntity(body);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Lone continuation bytes, truncated and overlong sequences, bytes UTF-8 never uses. */
    private static byte[] invalidUtf8() {
        int[] values = {0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xC0, 0xAF, 0xFF, 0xFE};
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Every byte value once, as a binary file would hold them. */
    private static byte[] binary() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A body written as it goes, never held whole; the subclasses say what and how fast. */
    private abstract static class WrittenEntity extends AbstractHttpEntity {

        WrittenEntity(boolean chunked) {
            super(JSON, null, chunked);
        }

        /** An interrupt (the sandbox closing) ends the body as a cut connection would. */
        static void pause(long millis) throws InterruptedIOException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the sandbox is closing");
            }
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("this body is only written");
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** A prefix, a filler byte repeated {@code count} times, a suffix, written in 64 KB pieces. */
    private static final class HugeEntity extends WrittenEntity {

        private static final int PIECE = 64 * 1024;

        private final byte[] prefix;
        private final byte filler;
        private final int count;
        private final byte[] suffix;

        HugeEntity(byte[] prefix, byte filler, int count, byte[] suffix) {
            super(false);
            this.prefix = prefix;
            this.filler = filler;
            this.count = count;
            this.suffix = suffix;
        }

        @Override
        public long getContentLength() {
            return (long) prefix.length + count + suffix.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(prefix);
            byte[] piece = new byte[PIECE];
            Arrays.fill(piece, filler);
            for (int left = count; left > 0; left -= PIECE) {
                out.write(piece, 0, Math.min(PIECE, left));
            }
            out.write(suffix);
        }
    }

    /** A chunked body that never ends: the prefix, then 16 bytes every {@link #ENDLESS_PAUSE_MS} ms. */
    private static final class EndlessEntity extends WrittenEntity {

        private final byte[] prefix;

        EndlessEntity(byte[] prefix) {
            super(true);
            this.prefix = prefix;
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(prefix);
            byte[] piece = new byte[16];
            Arrays.fill(piece, (byte) 'z');
            while (true) { // until the client hangs up (the write fails) or the sandbox closes (interrupt)
                out.write(piece);
                out.flush();
                pause(ENDLESS_PAUSE_MS);
            }
        }
    }

    /** A short body of declared length, sent one byte every {@link #TRICKLE_PAUSE_MS} ms. */
    private static final class TrickleEntity extends WrittenEntity {

        private final byte[] body;

        TrickleEntity(byte[] body) {
            super(false);
            this.body = body;
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (byte b : body) {
                out.write(b);
                out.flush();
                pause(TRICKLE_PAUSE_MS);
            }
        }
    }
}
