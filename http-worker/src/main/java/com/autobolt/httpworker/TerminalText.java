package com.autobolt.httpworker;

import com.autobolt.schemas.EventText;

/**
 * Text from job-api (names, URLs, profile values, error details) made safe to print on a person's
 * terminal and to send back: no control characters (so no escape sequences that move the cursor,
 * recolour or retitle the terminal), no invisible format characters (bidirectional overrides that
 * would make a URL read differently than it is), valid Unicode, and at most {@code maxLength}
 * characters. job-api is ours, but what it relays (a catalog entry, a customer's profile) was typed
 * by people and systems we do not control.
 */
final class TerminalText {

    private TerminalText() {}

    static String clean(String value, int maxLength) {
        String cleaned = EventText.clean(value, maxLength);
        if (cleaned == null) {
            return null;
        }
        StringBuilder visible = null;
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                if (visible == null) {
                    visible = new StringBuilder(cleaned.length()).append(cleaned, 0, i);
                }
                visible.append(' ');
            } else if (visible != null) {
                visible.append(c);
            }
        }
        return visible == null ? cleaned : visible.toString();
    }
}
