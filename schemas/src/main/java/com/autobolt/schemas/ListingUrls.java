package com.autobolt.schemas;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which listing URLs a result event may carry: absolute {@code http} or {@code https} URLs with a
 * host, of at most {@link #MAX_LENGTH} characters, nothing else. A directory site chooses the URL, and
 * subscribers and the dashboard turn it into a link; {@code javascript:}, {@code data:}, relative
 * paths and garbage must never get that far.
 */
public final class ListingUrls {

    public static final int MAX_LENGTH = 2048;

    private ListingUrls() {}

    /** Why this URL may not be a listing URL, or null when it may. */
    public static String problem(String url) {
        if (url == null || url.isEmpty()) {
            return "no listing URL";
        }
        if (url.length() > MAX_LENGTH) {
            return "listing URL dropped: " + url.length() + " characters, more than " + MAX_LENGTH;
        }
        if (!EventText.isClean(url, MAX_LENGTH)) {
            return "listing URL dropped: it contains control characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "listing URL dropped: not a valid URI";
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            return "listing URL dropped: not an absolute http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "listing URL dropped: it has no host";
        }
        return null;
    }

    public static boolean isAcceptable(String url) {
        return problem(url) == null;
    }
}
