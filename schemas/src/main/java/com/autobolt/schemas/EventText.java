package com.autobolt.schemas;

/**
 * Text that came from outside our control (a directory site's answer, an exception's message) made
 * fit for an event: valid Unicode with no control characters, and at most a given number of
 * characters (code points, as JSON Schema's {@code maxLength} and PostgreSQL's {@code length()} count
 * them). Every free-text field of a result event goes through here before the event is built, so a
 * subscriber (and PostgreSQL, which refuses NUL in {@code text} and {@code jsonb}) can rely on it.
 */
public final class EventText {

    /** Stands in for a control character (NUL, escape, DEL, C1): shows where one was, renders as nothing harmful. */
    static final char CONTROL_REPLACEMENT = ' ';
    /** Stands in for half of a surrogate pair, which is not a character and cannot be encoded as UTF-8. */
    static final char INVALID_REPLACEMENT = '\uFFFD';

    private EventText() {}

    /**
     * The value cleaned and cut to {@code maxLength} characters; null stays null. Cutting never splits
     * a surrogate pair.
     */
    public static String clean(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (isClean(value, maxLength)) {
            return value; // the common case: no copy
        }
        StringBuilder cleaned = new StringBuilder(Math.min(value.length(), maxLength));
        int length = 0;
        for (int i = 0; i < value.length() && length < maxLength; length++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                cleaned.append(c).append(value.charAt(i + 1));
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                cleaned.append(INVALID_REPLACEMENT);
            } else if (Character.isISOControl(c)) {
                cleaned.append(CONTROL_REPLACEMENT);
            } else {
                cleaned.append(c);
            }
            i++;
        }
        return cleaned.toString();
    }

    /** Whether the value already is what {@link #clean} makes of it: no control character, no lone surrogate, short enough. */
    public static boolean isClean(String value, int maxLength) {
        if (value == null) {
            return true;
        }
        if (value.length() > 2 * maxLength) {
            return false;
        }
        int length = 0;
        for (int i = 0; i < value.length(); i++, length++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return length <= maxLength;
    }
}
