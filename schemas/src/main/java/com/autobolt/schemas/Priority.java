package com.autobolt.schemas;

/** Job priority: 1 runs first, 5 last. */
public final class Priority {

    public static final int HIGHEST = 1;
    public static final int LOWEST = 5;
    public static final int DEFAULT = 3;

    private Priority() {}

    public static boolean isValid(int priority) {
        return priority >= HIGHEST && priority <= LOWEST;
    }

    /** Priorities 1 and 2 go to the priority task topic. */
    public static boolean isHigh(int priority) {
        return priority <= 2;
    }

    static int requireValid(int priority) {
        if (!isValid(priority)) {
            throw new IllegalArgumentException(
                    "priority must be between " + HIGHEST + " and " + LOWEST + ", was " + priority);
        }
        return priority;
    }
}
