package com.autobolt.schemas;

import java.nio.charset.StandardCharsets;

/**
 * The one set of headers every {@code <topic>.dlt} record carries, whichever service set it aside, so
 * an operator's tool or a subscriber reads every dead-letter topic the same way. The record's key and
 * value are the original's, unchanged. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** Why the record was set aside: a short, human-readable reason (cleaned, at most {@link #MAX_REASON_LENGTH}). */
    public static final String REASON = "autobolt-dlt-reason";
    /** The topic the record was read from, when it came from Kafka. */
    public static final String ORIGINAL_TOPIC = "autobolt-dlt-original-topic";
    /** Its partition there, in decimal. */
    public static final String ORIGINAL_PARTITION = "autobolt-dlt-original-partition";
    /** Its offset there, in decimal. */
    public static final String ORIGINAL_OFFSET = "autobolt-dlt-original-offset";
    /** The class of the exception behind the reason, when there was one. */
    public static final String EXCEPTION = "autobolt-dlt-exception";
    /** For a change the change stream could not map: the table the row came from (it has no Kafka origin). */
    public static final String SOURCE_TABLE = "autobolt-dlt-source-table";

    public static final int MAX_REASON_LENGTH = 1000;

    private DeadLetterHeaders() {}

    /** A header value: the text cleaned ({@link EventText}) and cut, as UTF-8. */
    public static byte[] value(String text) {
        return EventText.clean(text == null ? "unknown" : text, MAX_REASON_LENGTH)
                .getBytes(StandardCharsets.UTF_8);
    }
}
