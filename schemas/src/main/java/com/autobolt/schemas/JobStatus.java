package com.autobolt.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one status vocabulary of a job, with the table of allowed transitions. The database CHECK
 * constraint on {@code jobs.status} lists exactly these values.
 */
public enum JobStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETE("complete"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(IN_PROGRESS, COMPLETE, FAILED, CANCELLED),
            IN_PROGRESS, EnumSet.of(COMPLETE, FAILED, CANCELLED),
            // A terminal job goes back to pending only by a retry (job-api), always with attempt + 1.
            COMPLETE, EnumSet.of(PENDING),
            FAILED, EnumSet.of(PENDING),
            CANCELLED, EnumSet.of(PENDING));

    private final String value;

    JobStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Returns {@code next} when the move is allowed, else throws {@link IllegalStatusTransitionException}. */
    public JobStatus moveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStatusTransitionException(this, next);
        }
        return next;
    }

    /** Whether the job has stopped: a failed job stays so until someone retries it. */
    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED;
    }

    @JsonCreator
    public static JobStatus fromValue(String value) {
        for (JobStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status '" + value + "', expected one of " + allValues());
    }

    public static String allValues() {
        return Arrays.stream(values()).map(JobStatus::value).collect(Collectors.joining(", "));
    }

    /** Thrown when code tries a move the transition table does not allow. */
    public static final class IllegalStatusTransitionException extends IllegalStateException {
        private final JobStatus from;
        private final JobStatus to;

        IllegalStatusTransitionException(JobStatus from, JobStatus to) {
            super("a job cannot move from " + from.value + " to " + to.value);
            this.from = from;
            this.to = to;
        }

        public JobStatus from() {
            return from;
        }

        public JobStatus to() {
            return to;
        }
    }
}
