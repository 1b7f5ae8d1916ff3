package com.autobolt.api.error;

import org.springframework.http.HttpStatus;

/** A request the API refuses for a reason the client can act on; becomes a problem response. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    /** The resource changed since the version the client edits (If-Match). */
    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, detail);
    }

    /** An edit without If-Match: it could overwrite a change the client never saw. */
    public static ApiException preconditionRequired(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_REQUIRED, detail);
    }

    public HttpStatus status() {
        return status;
    }
}
