package com.autobolt.api.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request whose fields a feature checked itself (a merge patch, say) and found wrong: answered as
 * 400 {@code invalid-request} with one {@code errors} entry per field, like a validated body.
 */
public class InvalidFieldsException extends RuntimeException {

    private final Map<String, String> problems;

    /** {@code problems}: what is wrong, by field name, in the order to report them. */
    public InvalidFieldsException(Map<String, String> problems) {
        super(String.join("; ", problems.keySet()));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        this.problems = new LinkedHashMap<>(problems);
    }

    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    Map<String, String> orderedProblems() {
        return problems;
    }
}
