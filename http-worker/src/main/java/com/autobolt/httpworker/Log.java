package com.autobolt.httpworker;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line per event, with the time, for a person or a log file (the stack's logs/http-worker.log). */
final class Log {

    private final PrintStream out;

    Log(PrintStream out) {
        this.out = out;
    }

    void info(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
        out.flush();
    }
}
