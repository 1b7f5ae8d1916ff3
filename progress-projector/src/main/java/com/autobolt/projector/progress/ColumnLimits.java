package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ListingUrls;

/**
 * What {@code job_results} refuses that Java can see cheaply: text longer than its column's CHECK
 * allows, and NUL characters, which PostgreSQL stores in neither {@code text} nor {@code jsonb}.
 * Checked before a result reaches PostgreSQL, so the common bad results never fail a batch; what
 * this does not know is still caught by PostgreSQL ({@link BatchFailures}). The limits are those of
 * job-api's migration {@code V1}.
 */
final class ColumnLimits {

    // The contract's limits (the schema file's maxLength), which the columns' CHECKs repeat.
    static final int WORKER_ID = DirectoryResultReported.MAX_WORKER_ID_LENGTH;
    static final int LISTING_URL = ListingUrls.MAX_LENGTH;
    static final int ERROR_CODE = DirectoryResultReported.MAX_ERROR_CODE_LENGTH;
    static final int ERROR_MESSAGE = DirectoryResultReported.MAX_ERROR_MESSAGE_LENGTH;

    private ColumnLimits() {}

    /** Why {@code event}'s row cannot be stored, without any of its values; null when it can. */
    static String violationOf(DirectoryResultReported event) {
        String violation = check("workerId", event.workerId(), WORKER_ID);
        if (violation == null) {
            violation = check("listingUrl", event.listingUrl(), LISTING_URL);
        }
        if (violation == null) {
            violation = check("errorCode", event.errorCode(), ERROR_CODE);
        }
        if (violation == null) {
            violation = check("errorMessage", event.errorMessage(), ERROR_MESSAGE);
        }
        if (violation == null && event.evidence() != null) {
            violation = check("evidence.responseExcerpt", event.evidence().responseExcerpt(), Integer.MAX_VALUE);
        }
        if (violation == null && event.evidence() != null) {
            violation = check("evidence.listingUrlProblem", event.evidence().listingUrlProblem(), Integer.MAX_VALUE);
        }
        return violation;
    }

    private static String check(String field, String value, int maxCharacters) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            return field + " contains a NUL character, which PostgreSQL cannot store";
        }
        // PostgreSQL's length() counts code points; a String's length() is at least that many.
        if (value.length() > maxCharacters && value.codePointCount(0, value.length()) > maxCharacters) {
            return field + " has " + value.codePointCount(0, value.length()) + " characters, more than the "
                    + maxCharacters + " allowed";
        }
        return null;
    }
}
