package com.autobolt.api.support;

/** Keys the tests configure; made up for tests only. */
public final class TestKeys {

    public static final String ADMIN = "test-admin-key-0123456789";
    public static final String STAFF = "test-staff-key-0123456789";
    public static final String VIEWER = "test-viewer-key-0123456789";
    public static final String WORKER = "test-worker-key-0123456789";
    public static final String UNKNOWN = "test-unknown-key-0123456789";

    public static final String CONFIGURATION =
            "admin:" + ADMIN + ",staff:" + STAFF + ",viewer:" + VIEWER + ",worker:" + WORKER;

    private TestKeys() {}

    public static String of(String role) {
        return switch (role) {
            case "admin" -> ADMIN;
            case "staff" -> STAFF;
            case "viewer" -> VIEWER;
            case "worker" -> WORKER;
            default -> throw new IllegalArgumentException(role);
        };
    }
}
