package com.autobolt.api.error;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; answered with 413. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super(detail(limit));
    }

    public static String detail(long limit) {
        return "the request body is larger than " + limit + " bytes (" + limit / 1024 + " KiB)";
    }
}
