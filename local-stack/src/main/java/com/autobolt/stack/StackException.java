package com.autobolt.stack;

/** A problem the user can fix (a port in use, a missing jar); its message says how. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
