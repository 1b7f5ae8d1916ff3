package com.autobolt.projector.progress;

import com.autobolt.schemas.DirectoryResultReported;
import com.autobolt.schemas.ResultStatus;

/**
 * What stands in for a result that cannot be stored as it came (its record goes to the dead-letter
 * topic): the same directory, attempt and time, ended {@code failed} with the error code {@value
 * #ERROR_CODE}, and none of the event's text. So the directory's row still ends, and its job
 * still finishes with exact progress, while the original waits on the dead-letter topic to be
 * looked at. Folded like any event ({@link ResultRow#apply}): it changes nothing where the result
 * would have changed nothing (a row already ended in that attempt, or at a later attempt).
 */
final class UnprojectableResult {

    static final String ERROR_CODE = "unprojectable_result";

    private static final int MAX_REASON = 500;

    private UnprojectableResult() {}

    /** {@code event}'s replacement; {@code why} must hold no value of the event (it is stored and shown). */
    static DirectoryResultReported replacing(DirectoryResultReported event, String why) {
        String reason = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) + "…" : why;
        return DirectoryResultReported.of(event.task(), ResultStatus.FAILED, event.occurredAt())
                .error(
                        ERROR_CODE,
                        "the result could not be stored: " + reason + " (the event is on the dead-letter topic)")
                .build();
    }
}
