package com.autobolt.schemas;

/** An event that cannot be read: malformed JSON, a missing field, an unknown value or version. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
