package com.autobolt.kafka;

/**
 * How long a broker holds a consumer's fetch that finds nothing new: what an idle consumer costs.
 *
 * <p>A fetch returns as soon as one record is there ({@code fetch.min.bytes} 1, Kafka's default), so this wait
 * never delays a record; it only says how often a consumer with nothing to read asks again. At Kafka's 500 ms,
 * every idle consumer of the stack made two fetches a second, each a request the broker and the client
 * account for in their metrics and a turn of the client's code, which the JIT kept recompiling as the idle
 * path's profile replaced the busy one's (issue 16: job-api, each worker and the projector spent 3–4 % of a
 * core idle, the C2 compiler about a third of it). A consumer's poll loop still wakes at its own timeout; it
 * sends no second fetch while one waits at the broker.
 */
public final class IdleFetch {

    /** {@code fetch.max.wait.ms} of every consumer that reads as records come (followers, the workers' groups). */
    public static final int MAX_WAIT_MS = 5000;

    private IdleFetch() {}
}
