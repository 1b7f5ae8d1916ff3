package com.autobolt.worker.submit;

import java.time.Duration;

/** What one submission try came to. */
public sealed interface SubmissionOutcome {

    /** The site's HTTP status, or null when no response arrived. */
    Integer httpStatus();

    /** The start of the site's response body, or the error, for the evidence. */
    String excerpt();

    /**
     * The site accepted the listing.
     *
     * @param listingUrl where the listing is, when the site said so with a URL that may be kept
     * @param listingUrlProblem why the URL the site gave was dropped, or null
     */
    record Submitted(Integer httpStatus, String listingUrl, String excerpt, String listingUrlProblem)
            implements SubmissionOutcome {

        public Submitted(Integer httpStatus, String listingUrl, String excerpt) {
            this(httpStatus, listingUrl, excerpt, null);
        }
    }

    /**
     * A failure that may pass: timeout, refused or reset connection, 429, 5xx.
     *
     * @param retryAfter what the site asked us to wait ({@code Retry-After}), or null
     */
    record Transient(Integer httpStatus, String errorCode, String reason, String excerpt, Duration retryAfter)
            implements SubmissionOutcome {}

    /** A failure that trying again will not fix: other 4xx, a rejection, a mapping error. */
    record Permanent(Integer httpStatus, String errorCode, String reason, String excerpt)
            implements SubmissionOutcome {}

    /** The directory cannot be submitted to automatically (login, captcha). Not a failure. */
    record Skipped(String errorCode, String reason) implements SubmissionOutcome {
        @Override
        public Integer httpStatus() {
            return null;
        }

        @Override
        public String excerpt() {
            return null;
        }
    }
}
