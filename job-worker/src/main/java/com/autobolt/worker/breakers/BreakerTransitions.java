package com.autobolt.worker.breakers;

import java.time.Duration;

/** What the executor tells about a directory's circuit breaker when it opens or closes. */
public interface BreakerTransitions {

    /** Nobody listens (unit tests of the executor's parts). */
    BreakerTransitions NONE = new BreakerTransitions() {
        @Override
        public void opened(String directoryId, Duration coolDown, String reasonCode) {}

        @Override
        public void closed(String directoryId) {}
    };

    /**
     * The breaker is open for {@code coolDown} from now, after a failure with this error code: it opened,
     * opened again after its half-open try failed, or, already open, started its cool-down again; once
     * the cool-down is over it is half-open.
     */
    void opened(String directoryId, Duration coolDown, String reasonCode);

    /** The breaker closed: the site answered. */
    void closed(String directoryId);
}
