package com.autobolt.worker.execute;

import org.slf4j.MDC;

/**
 * The task a thread works on, in the logging context (MDC): every line logged meanwhile, by the
 * worker or a library it calls, carries the job, directory, attempt and worker, as fields of its own
 * in JSON logs. Closed on the thread that opened it, before the thread takes another task.
 */
final class TaskLogContext implements AutoCloseable {

    static final String JOB_ID = "jobId";
    static final String DIRECTORY_ID = "directoryId";
    static final String ATTEMPT = "attempt";
    static final String WORKER_ID = "workerId";

    private TaskLogContext() {}

    static TaskLogContext open(Task task, String workerId) {
        MDC.put(JOB_ID, task.event.jobId().toString());
        MDC.put(DIRECTORY_ID, task.directoryId());
        MDC.put(ATTEMPT, String.valueOf(task.event.attempt()));
        MDC.put(WORKER_ID, workerId);
        return new TaskLogContext();
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(DIRECTORY_ID);
        MDC.remove(ATTEMPT);
        MDC.remove(WORKER_ID);
    }
}
