package com.autobolt.bench.peers;

import java.util.List;

/** A job engine under test: its own front door for a job's tasks, and its workers running them. */
interface PeerEngine extends AutoCloseable {

    /**
     * Creates the job's progress row and enqueues one task per directory through the engine's own API; when
     * this returns, every task is durably enqueued.
     */
    void enqueue(String jobId, String profileJson, List<String> directoryIds) throws Exception;
}
