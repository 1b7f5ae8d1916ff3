package com.autobolt.api.events;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where a stream stands in the jobs change topic: per partition, the offset of the next record to
 * deliver. Its text form, {@code 0:123,1:456,...}, is the SSE event id. Offsets are the topic's own,
 * so any job-api instance resumes a stream exactly where another left it.
 */
final class StreamPosition {

    /** Partition offsets not named in a position. */
    static final long UNKNOWN = -1;

    private static final int MAX_LENGTH = 8192;
    private static final Pattern FORMAT = Pattern.compile("\\d{1,6}:\\d{1,19}(,\\d{1,6}:\\d{1,19})*");

    private StreamPosition() {}

    /** Thrown for an event id this service did not write. */
    static final class MalformedPositionException extends IllegalArgumentException {
        MalformedPositionException(String message) {
            super(message);
        }
    }

    /**
     * Reads a position for a topic of {@code partitions} partitions; partitions it does not name are
     * {@link #UNKNOWN}.
     */
    static long[] parse(String text, int partitions) {
        String value = text.strip();
        if (value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
            throw new MalformedPositionException(
                    "Last-Event-ID must be an event id of this stream (partition:offset,...), was '" + abbreviate(value)
                            + "'");
        }
        long[] offsets = new long[partitions];
        Arrays.fill(offsets, UNKNOWN);
        for (String entry : value.split(",")) {
            int colon = entry.indexOf(':');
            int partition = Integer.parseInt(entry.substring(0, colon));
            long offset = parseOffset(entry.substring(colon + 1));
            if (partition >= partitions) {
                throw new MalformedPositionException("Last-Event-ID names partition " + partition
                        + ", but the jobs topic has " + partitions + " partitions");
            }
            if (offsets[partition] != UNKNOWN) {
                throw new MalformedPositionException("Last-Event-ID names partition " + partition + " twice");
            }
            offsets[partition] = offset;
        }
        return offsets;
    }

    /** Every partition: {@code 0:12,1:0,2:7}. */
    static String format(long[] offsets) {
        return IntStream.range(0, offsets.length)
                .mapToObj(p -> p + ":" + offsets[p])
                .collect(Collectors.joining(","));
    }

    /** One partition: {@code 2:7}. */
    static String format(int partition, long offset) {
        return partition + ":" + offset;
    }

    private static long parseOffset(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new MalformedPositionException("Last-Event-ID has an offset out of range: " + abbreviate(digits));
        }
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }
}
