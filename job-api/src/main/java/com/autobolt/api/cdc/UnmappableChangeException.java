package com.autobolt.api.cdc;

/** A change record that cannot become a published event; it goes to the dead-letter topic instead. */
final class UnmappableChangeException extends RuntimeException {

    UnmappableChangeException(String message) {
        super(message);
    }

    UnmappableChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
