package com.autobolt.api.error;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of error the API answers, each with a stable {@code type} URI in its
 * {@code application/problem+json} body, so a client can act on the kind without parsing the
 * human-readable {@code detail}. The URIs name the kind; they are identifiers, not pages to fetch.
 */
public enum ProblemType {
    INVALID_REQUEST(
            "invalid-request",
            HttpStatus.BAD_REQUEST,
            "the request is invalid: packageType: must be one of starter, growth, professional, enterprise"),
    UNAUTHENTICATED(
            "unauthenticated",
            HttpStatus.UNAUTHORIZED,
            "an API key is required: send Authorization: Bearer <key> or X-Api-Key"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "an API key with role viewer may not POST /api/jobs"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "no job with id 9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method 'DELETE' is not supported."),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Acceptable representations: [application/json]."),
    CONFLICT("conflict", HttpStatus.CONFLICT, "a customer with this email already exists"),
    ILLEGAL_TRANSITION("illegal-transition", HttpStatus.CONFLICT, "the job is complete and cannot move to cancelled"),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than 65536 bytes"),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported."),
    UNPROCESSABLE(
            "unprocessable",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "no customer with id 9b2f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70"),
    PRECONDITION_FAILED(
            "precondition-failed",
            HttpStatus.PRECONDITION_FAILED,
            "the customer changed since the version sent in If-Match (\"3\"); it is now \"4\": read it again"),
    PRECONDITION_REQUIRED(
            "precondition-required",
            HttpStatus.PRECONDITION_REQUIRED,
            "send If-Match with the ETag of the version you edit (from GET /api/customers/{id})"),
    TOO_MANY_REQUESTS(
            "too-many-requests",
            HttpStatus.TOO_MANY_REQUESTS,
            "worker scanner-1 already holds its 4 open leases (autobolt.lease.max-leases-per-worker)"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "the service is not ready; try again shortly");

    /** Where every type URI starts. */
    public static final String BASE = "https://autobolt.dev/problems/";

    private final URI uri;
    private final HttpStatus status;
    private final String exampleDetail;

    ProblemType(String slug, HttpStatus status, String exampleDetail) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.exampleDetail = exampleDetail;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    /** A typical {@code detail}, for the API description's examples. */
    public String exampleDetail() {
        return exampleDetail;
    }

    /** The kind of a problem that has only its status to go by (Spring's own errors, an {@link ApiException}). */
    public static ProblemType of(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status) {
                return type; // the first of a status is its general kind (CONFLICT before ILLEGAL_TRANSITION)
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
