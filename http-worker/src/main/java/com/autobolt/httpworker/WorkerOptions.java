package com.autobolt.httpworker;

import java.net.URI;
import java.util.function.Function;

/**
 * The command line: {@code --key=<worker key>} (or {@code AUTOBOLT_HTTP_WORKER_KEY}, which other users
 * of the machine cannot read in the process list), {@code --api=<job-api base URL>}, {@code --auto},
 * {@code --max-tasks=N}.
 */
record WorkerOptions(String key, URI api, boolean auto, int maxTasks) {

    static final String KEY_VARIABLE = "AUTOBOLT_HTTP_WORKER_KEY";
    static final String DEFAULT_API = "http://localhost:8080";
    static final int DEFAULT_MAX_TASKS = 10;
    /** The contract's bound for {@code maxTasks}. */
    static final int MAX_TASKS = 50;

    static final String USAGE =
            "usage: ./autobolt http-worker --key=<worker key> [--api=" + DEFAULT_API + "] [--auto] [--max-tasks="
                    + DEFAULT_MAX_TASKS + "]  (the key may come from " + KEY_VARIABLE + " instead)";

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message + "\n" + USAGE);
        }
    }

    static WorkerOptions parse(String[] args, Function<String, String> env) throws UsageException {
        String key = env.apply(KEY_VARIABLE);
        String api = DEFAULT_API;
        boolean auto = false;
        int maxTasks = DEFAULT_MAX_TASKS;
        for (String arg : args) {
            if (arg.startsWith("--key=")) {
                key = arg.substring("--key=".length());
            } else if (arg.startsWith("--api=")) {
                api = arg.substring("--api=".length());
            } else if (arg.equals("--auto")) {
                auto = true;
            } else if (arg.startsWith("--max-tasks=")) {
                String value = arg.substring("--max-tasks=".length());
                try {
                    maxTasks = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    maxTasks = 0;
                }
                if (maxTasks < 1 || maxTasks > MAX_TASKS) {
                    throw new UsageException("--max-tasks must be a number from 1 to " + MAX_TASKS + ", was '"
                            + TerminalText.clean(value, 20) + "'");
                }
            } else {
                throw new UsageException("unknown argument '" + TerminalText.clean(arg, 100) + "'");
            }
        }
        if (key == null || key.isBlank()) {
            throw new UsageException("no worker key: give --key= or set " + KEY_VARIABLE);
        }
        URI base;
        try {
            base = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
        } catch (IllegalArgumentException e) {
            base = null;
        }
        if (base == null
                || base.getHost() == null
                || !("http".equalsIgnoreCase(base.getScheme()) || "https".equalsIgnoreCase(base.getScheme()))) {
            throw new UsageException("--api must be job-api's base URL, e.g. " + DEFAULT_API);
        }
        return new WorkerOptions(key.trim(), base, auto, maxTasks);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "WorkerOptions[api=" + api + ", auto=" + auto + ", maxTasks=" + maxTasks + "]";
    }
}
