package com.autobolt.worker.submit;

import com.autobolt.schemas.DirectoryTaskDispatched;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.EventText;
import com.autobolt.schemas.ListingUrls;
import com.autobolt.schemas.SubmissionEvidence;
import com.autobolt.schemas.SubmissionMethod;
import com.autobolt.schemas.SubmissionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Submits a listing as an HTML form post or a JSON body, with the task id as
 * {@code Idempotency-Key}.
 *
 * <p>Success rule (no per-directory rule in the catalog yet): a 2xx whose body, when it is a JSON
 * object, has no {@code error} field and no {@code status} of {@code error}/{@code failed}/
 * {@code rejected}. The listing URL is the {@code Location} header, else the body's
 * {@code listingUrl} or {@code url}.
 *
 * <p>HTTP/1.1 over a pool of kept-alive connections (Apache HttpClient's minimal classic client):
 * the calling executor thread does the socket I/O itself, with no hand-off to other threads. The
 * client never retries on its own (a retry is the executor's decision, counted as a try) and never
 * follows redirects; connections idle for 30 s are closed. Timeouts: {@code connectTimeout} to
 * connect, and {@code requestTimeout} for the whole exchange (enforced by {@link Deadlines}), which
 * also bounds any wait for data and a site that trickles its answer.
 *
 * <p>Where the data may go is the {@link EgressPolicy}'s decision; a refused submission fails with
 * {@code egress_denied}. What comes back is untrusted and bounded here: at most
 * {@link #MAX_HEADER_LINE_BYTES} per header line and {@link #MAX_HEADERS} headers (more fails the
 * try with {@code invalid_answer}), at most {@link #MAX_ANSWER_BYTES} of body (the rest is not read:
 * the connection is dropped instead of drained), every text cleaned ({@link EventText}), and a
 * listing URL kept only if {@link ListingUrls} accepts it (otherwise the evidence says why).
 */
public final class HttpFormSubmitter implements DirectorySubmitter, AutoCloseable {

    static final String EGRESS_DENIED = "egress_denied";

    private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");
    private static final ContentType JSON = ContentType.create("application/json");
    // Every directory is its own route in production; the sandbox serves them all from one.
    private static final int MAX_CONNECTIONS = 1024;
    // A site's answer is read up to this size: enough for any confirmation page's verdict, and a
    // site that streams megabytes cannot fill the worker's memory. The rest is not read (the
    // connection is then closed instead of reused).
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    // Far above what any real confirmation sends (a 2,048-character listing URL fits), far below what
    // would let a site fill the worker's memory: by default the client takes headers of any size and number.
    static final int MAX_HEADER_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADERS = 100;
    // The part of a rejection's text quoted in the error message (the excerpt holds the body's start).
    private static final int MAX_QUOTED_ERROR = 500;
    private static final int MAX_CACHED_URIS = 100_000;

    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private final IdleConnectionEvictor idleConnections;
    private final RequestConfig requestConfig;
    private final Map<String, URI> submissionUris = new ConcurrentHashMap<>();
    private final Deadlines deadlines;
    private final int excerptLength;
    private final EgressPolicy egress;

    public HttpFormSubmitter(Duration connectTimeout, Duration requestTimeout, int excerptLength, EgressPolicy egress) {
        Timeout request = Timeout.of(requestTimeout);
        this.egress = egress;
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(egress.resolver())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom()
                                .setMaxLineLength(MAX_HEADER_LINE_BYTES)
                                .setMaxHeaderCount(MAX_HEADERS)
                                .build())
                        .build())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(request)
                        // A connection the site closed while idle is noticed before use, not by a failed try.
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                        .build())
                .build();
        // The minimal client: no redirects, retries, cookies, authentication or content decoding (none of
        // which a submission may use), and none of the full client's per-request work for them (it
        // parsed every request's URI again to find a cookie and authentication path).
        this.client = HttpClients.createMinimal(connections);
        this.idleConnections = new IdleConnectionEvictor(connections, TimeValue.ofSeconds(30));
        idleConnections.start();
        this.requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(request)
                .setResponseTimeout(request)
                .build();
        this.deadlines = new Deadlines(requestTimeout);
        this.excerptLength = Math.min(excerptLength, SubmissionEvidence.MAX_EXCERPT_LENGTH);
    }

    @Override
    public SubmissionOutcome submit(DirectoryTaskDispatched task) {
        SubmissionSpec spec = task.directory();
        if (spec.requiresLogin()) {
            return new SubmissionOutcome.Skipped("requires_login", spec.name() + " needs a login");
        }
        if (spec.requiresCaptcha()) {
            return new SubmissionOutcome.Skipped("requires_captcha", spec.name() + " needs a captcha");
        }
        URI uri;
        HttpPost request;
        try {
            uri = submissionUri(spec.submissionUrl());
            request = request(uri, task, ProfileFields.map(task.profile(), spec.fieldMapping()));
            request.setConfig(requestConfig);
        } catch (ProfileFields.MappingException | IllegalArgumentException e) {
            return new SubmissionOutcome.Permanent(null, "mapping_error", e.getMessage(), null);
        }
        String refusal = egress.refusal(uri);
        if (refusal != null) {
            return new SubmissionOutcome.Permanent(null, EGRESS_DENIED, refusal, null);
        }
        Deadlines.Watch watch = deadlines.watch(request);
        try {
            return classify(uri, exchange(request));
        } catch (HttpException e) {
            return new SubmissionOutcome.Permanent(null, "mapping_error", e.getMessage(), null);
        } catch (EgressPolicy.Denied e) {
            return new SubmissionOutcome.Permanent(null, EGRESS_DENIED, e.getMessage(), null);
        } catch (IOException e) {
            return failure(e, watch.expired());
        } finally {
            watch.close();
        }
    }

    /**
     * Sends the request and reads the answer: the status, two headers, and the body up to
     * {@link #MAX_ANSWER_BYTES}. A longer body is not drained (it may never end): the request is
     * cancelled, which drops the connection, instead of reading the rest to reuse it.
     */
    private Answer exchange(HttpPost request) throws IOException, HttpException {
        ClassicHttpResponse response = client.executeOpen(RoutingSupport.determineHost(request), request, null);
        boolean readToTheEnd = false;
        try {
            Header location = response.getFirstHeader("Location");
            Header retryAfter = response.getFirstHeader("Retry-After");
            byte[] body = null;
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                InputStream content = entity.getContent();
                body = content.readNBytes(MAX_ANSWER_BYTES + 1);
                readToTheEnd = body.length <= MAX_ANSWER_BYTES;
                if (!readToTheEnd) {
                    body = Arrays.copyOf(body, MAX_ANSWER_BYTES);
                }
            } else {
                readToTheEnd = true;
            }
            return new Answer(
                    response.getCode(),
                    location == null ? null : location.getValue(),
                    retryAfter == null ? null : parseRetryAfter(retryAfter.getValue()),
                    body);
        } finally {
            if (!readToTheEnd) {
                request.cancel();
            }
            try {
                response.close();
            } catch (IOException dropped) {
                // The connection was dropped on purpose; the answer is already read.
            }
        }
    }

    /** @param expired whether the deadline cut the exchange off, whatever the exception that caused */
    private static SubmissionOutcome failure(IOException e, boolean expired) {
        if (e instanceof MessageConstraintException || e instanceof ClientProtocolException) {
            // Headers beyond the limits or not HTTP at all: the site's answer cannot be read, and asking
            // again would get the same; the outcome of the submission is unknown, so it is not a success.
            return new SubmissionOutcome.Permanent(
                    null, "invalid_answer", "the site's answer could not be read: " + e.getMessage(), null);
        }
        if (expired || e instanceof SocketTimeoutException) { // also a connect timeout (ConnectTimeoutException)
            return new SubmissionOutcome.Transient(null, "timeout", "no answer in time: " + e.getMessage(), null, null);
        }
        if (e instanceof ConnectException) {
            return new SubmissionOutcome.Transient(
                    null, "connection_failed", "could not connect: " + e.getMessage(), null, null);
        }
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new SubmissionOutcome.Transient(null, "interrupted", "submission interrupted", null, null);
        }
        return new SubmissionOutcome.Transient(
                null, "connection_failed", "connection broken: " + e.getMessage(), null, null);
    }

    @Override
    public void close() {
        deadlines.close();
        idleConnections.shutdown();
        client.close(CloseMode.GRACEFUL);
        connections.close(CloseMode.GRACEFUL);
    }

    private static HttpPost request(URI uri, DirectoryTaskDispatched task, Map<String, String> fields) {
        boolean json = task.directory().submissionMethod() == SubmissionMethod.JSON;
        String body = json ? EventJson.writeString(fields) : formEncoded(fields);
        HttpPost post = new HttpPost(uri);
        post.setHeader("Idempotency-Key", task.idempotencyKey());
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), json ? JSON : FORM));
        return post;
    }

    private static String formEncoded(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The parsed submission URL; parsed once per directory (catalogs hold thousands, not millions). */
    private URI submissionUri(String url) {
        if (submissionUris.size() >= MAX_CACHED_URIS) {
            return URI.create(url);
        }
        return submissionUris.computeIfAbsent(url, URI::create);
    }

    /**
     * A {@code Location} against the request's URI; an absolute one (the usual case) is taken as it is.
     *
     * @throws IllegalArgumentException when it is not a URI reference at all
     */
    static String resolve(URI request, String location) {
        if (location.regionMatches(true, 0, "https://", 0, 8) || location.regionMatches(true, 0, "http://", 0, 7)) {
            return location;
        }
        return request.resolve(location).toString();
    }

    private SubmissionOutcome classify(URI uri, Answer answer) {
        int status = answer.status();
        String excerpt = excerpt(answer.text());
        if (status == 429 || status >= 500) {
            return new SubmissionOutcome.Transient(
                    status, "http_" + status, "site answered " + status, excerpt, answer.retryAfter());
        }
        if (status < 200 || status >= 300) {
            return new SubmissionOutcome.Permanent(status, "http_" + status, "site answered " + status, excerpt);
        }
        JsonNode body = jsonObject(answer.body());
        if (body != null && rejects(body)) {
            return new SubmissionOutcome.Permanent(
                    status, "rejected", "site rejected the listing: " + errorText(body), excerpt);
        }
        String candidate = listingUrl(uri, answer, body);
        String problem = candidate == null ? null : ListingUrls.problem(candidate);
        return new SubmissionOutcome.Submitted(status, problem == null ? candidate : null, excerpt, problem);
    }

    /** What the site answered: its {@code Location} as sent, the body's first {@link #MAX_ANSWER_BYTES} bytes. */
    private record Answer(int status, String location, Duration retryAfter, byte[] body) {

        /** The body as text (UTF-8; JSON's encoding, and what a site that does not say is likeliest to send). */
        String text() {
            return body == null ? null : new String(body, StandardCharsets.UTF_8);
        }
    }

    private static boolean rejects(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue())) {
            return true;
        }
        JsonNode status = body.get("status");
        return status != null
                && status.isString()
                && switch (status.stringValue().toLowerCase()) {
                    case "error", "failed", "failure", "rejected" -> true;
                    default -> false;
                };
    }

    private static String errorText(JsonNode body) {
        JsonNode error = body.get("error");
        String text = error == null || error.isNull()
                ? String.valueOf(body.get("status"))
                : error.isString() ? error.stringValue() : error.toString();
        return EventText.clean(text, MAX_QUOTED_ERROR);
    }

    /** The URL the site gave for the listing, as it gave it (checked by the caller), or null. */
    private static String listingUrl(URI uri, Answer answer, JsonNode body) {
        if (answer.location() != null) {
            try {
                return resolve(uri, answer.location());
            } catch (IllegalArgumentException notAUri) {
                return answer.location();
            }
        }
        if (body == null) {
            return null;
        }
        for (String field : new String[] {"listingUrl", "listing_url", "url"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isString()) {
                return value.stringValue();
            }
        }
        return null;
    }

    private static JsonNode jsonObject(byte[] body) {
        if (body == null || !startsWithBrace(body)) {
            return null;
        }
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            return node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean startsWithBrace(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    private String excerpt(String body) {
        return EventText.clean(body, excerptLength);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
