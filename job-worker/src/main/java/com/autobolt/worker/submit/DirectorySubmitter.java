package com.autobolt.worker.submit;

import com.autobolt.schemas.DirectoryTaskDispatched;

/**
 * Submits one business listing to one directory site. Implementations classify what happened
 * ({@link SubmissionOutcome}); they do not retry, wait or report: the executor does that.
 * Implementations must be thread-safe; they are called from many executor threads at once.
 */
public interface DirectorySubmitter {

    SubmissionOutcome submit(DirectoryTaskDispatched task);
}
