package com.autobolt.testinfra.bench;

/**
 * Finds a field in an event's JSON bytes without parsing them: benchmark readers share the machine
 * with what they measure, so they do as little per record as they can.
 */
public final class ByteSearch {

    private ByteSearch() {}

    /** Where {@code pattern} first starts in {@code value}, or -1. */
    public static int indexOf(byte[] value, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= value.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (value[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
