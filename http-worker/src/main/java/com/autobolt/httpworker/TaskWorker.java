package com.autobolt.httpworker;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Works the tasks of one lease: a person at the terminal, or the automatic submitter. */
interface TaskWorker {

    /**
     * @param stopWorking true once the lease is lost or the worker is stopping: stop after the task at hand
     * @return the results, one per task worked (tasks not worked are requeued by {@code complete})
     */
    Outcome work(Lease lease, BooleanSupplier stopWorking) throws InterruptedException;

    /** @param quit whether the worker stops after this lease (the person typed q, or input ended) */
    record Outcome(List<TaskResult> results, boolean quit) {}
}
