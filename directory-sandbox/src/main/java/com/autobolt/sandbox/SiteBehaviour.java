package com.autobolt.sandbox;

/**
 * How one simulated directory site answers a submission.
 *
 * @param latencyMs how long the site takes before answering
 * @param successRate the share of requests (0–1) that succeed once {@code failFirst} is used up;
 *     the others answer {@code failureStatus}
 * @param failFirst how many requests of each idempotency key are answered with {@code failureStatus}
 *     before the site behaves normally; {@link Integer#MAX_VALUE} for "always"
 * @param failureStatus the HTTP status of a failed request (429, 503, 422, ...)
 * @param retryAfterSeconds sent as {@code Retry-After} with a failure, when present
 * @param hang whether the site never answers in time (it holds the request for {@code hangMs})
 * @param hangMs how long a hanging request is held
 * @param listingInBody whether the listing URL is in a JSON body (200) rather than a {@code Location}
 *     header (201)
 * @param rejectInBody whether a successful status carries {@code {"status":"error"}} in its body
 * @param hostile when present, the site answers every request this hostile way (after {@code latencyMs}),
 *     whatever the other settings say; JSON {@code "hostile": "huge-body"} (see {@link Hostility})
 * @param requiresLogin whether the site takes a submission only from someone logged in: without the
 *     header {@value DirectorySandbox#LOGIN_HEADER}: {@value DirectorySandbox#LOGIN_DONE} it answers 401
 * @param requiresCaptcha whether the site takes a submission only with its captcha solved: without the
 *     header {@value DirectorySandbox#CAPTCHA_HEADER}: {@value DirectorySandbox#CAPTCHA_SOLVED} it answers 403
 */
public record SiteBehaviour(
        long latencyMs,
        double successRate,
        int failFirst,
        int failureStatus,
        Integer retryAfterSeconds,
        boolean hang,
        long hangMs,
        boolean listingInBody,
        boolean rejectInBody,
        Hostility hostile,
        boolean requiresLogin,
        boolean requiresCaptcha) {

    public SiteBehaviour {
        if (latencyMs < 0 || hangMs < 0 || failFirst < 0) {
            throw new IllegalArgumentException("latencyMs, hangMs and failFirst must not be negative");
        }
        if (successRate < 0 || successRate > 1) {
            throw new IllegalArgumentException("successRate must be between 0 and 1, was " + successRate);
        }
        if (failureStatus == 0) {
            failureStatus = 503;
        }
        if (hangMs == 0) {
            hangMs = 60_000;
        }
    }

    /** Answers at once, always successfully, with a {@code Location} header. */
    public static SiteBehaviour ok() {
        return new SiteBehaviour(0, 1.0, 0, 503, null, false, 0, false, false, null, false, false);
    }

    public SiteBehaviour withLatency(long millis) {
        return new SiteBehaviour(
                millis,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    /** The first {@code times} requests of each idempotency key answer {@code status}. */
    public SiteBehaviour failingFirst(int times, int status) {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                times,
                status,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    /** Every request answers {@code status}. */
    public SiteBehaviour failingAlways(int status) {
        return failingFirst(Integer.MAX_VALUE, status);
    }

    public SiteBehaviour withRetryAfter(int seconds) {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                seconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    public SiteBehaviour withSuccessRate(double rate) {
        return new SiteBehaviour(
                latencyMs,
                rate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    public SiteBehaviour hanging(long millis) {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                true,
                millis,
                listingInBody,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    public SiteBehaviour withListingInBody() {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                true,
                rejectInBody,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    public SiteBehaviour rejectingInBody() {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                true,
                hostile,
                requiresLogin,
                requiresCaptcha);
    }

    /** Every request is answered the given hostile way. */
    public SiteBehaviour answeringHostile(Hostility hostility) {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostility,
                requiresLogin,
                requiresCaptcha);
    }

    /**
     * The site takes a submission only from a person who logged in ({@code login}) and solved its
     * captcha ({@code captcha}), as the request's headers say (see {@link DirectorySandbox#LOGIN_HEADER}).
     */
    public SiteBehaviour requiringPerson(boolean login, boolean captcha) {
        return new SiteBehaviour(
                latencyMs,
                successRate,
                failFirst,
                failureStatus,
                retryAfterSeconds,
                hang,
                hangMs,
                listingInBody,
                rejectInBody,
                hostile,
                login,
                captcha);
    }
}
