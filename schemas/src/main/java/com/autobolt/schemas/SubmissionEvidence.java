package com.autobolt.schemas;

/**
 * What a directory site answered, kept with the result so a human can see why it ended as it did.
 *
 * @param httpStatus the site's HTTP status, absent when no response arrived
 * @param responseExcerpt the first few hundred characters of the response body, cleaned (see
 *     {@link EventText}), at most {@link #MAX_EXCERPT_LENGTH}
 * @param retries how many transient failures were retried within this attempt
 * @param listingUrlProblem why the listing URL the site gave was not kept (see {@link ListingUrls}),
 *     absent when it was kept or none was given; at most {@link #MAX_NOTE_LENGTH}
 */
public record SubmissionEvidence(
        Integer httpStatus, String responseExcerpt, Integer retries, String listingUrlProblem) {

    public static final int MAX_EXCERPT_LENGTH = 2000;
    public static final int MAX_NOTE_LENGTH = 200;

    public SubmissionEvidence(Integer httpStatus, String responseExcerpt, Integer retries) {
        this(httpStatus, responseExcerpt, retries, null);
    }

    /** The same evidence with every text cleaned and cut to its limit. */
    SubmissionEvidence cleaned() {
        String excerpt = EventText.clean(responseExcerpt, MAX_EXCERPT_LENGTH);
        String problem = EventText.clean(listingUrlProblem, MAX_NOTE_LENGTH);
        return excerpt == responseExcerpt && problem == listingUrlProblem
                ? this
                : new SubmissionEvidence(httpStatus, excerpt, retries, problem);
    }
}
