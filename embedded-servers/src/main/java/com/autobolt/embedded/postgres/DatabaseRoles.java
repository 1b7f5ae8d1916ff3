package com.autobolt.embedded.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * AutoBolt's PostgreSQL roles, with the passwords they were given: created by running the operators'
 * script ({@code deploy/postgres/roles.sql}, packaged here) and giving each role a new random password,
 * so the local stack and the tests connect as the same roles as production, each service as its own.
 *
 * @param owner owns the schema; job-api's migrations run as it
 * @param api job-api's application role
 * @param cdc job-api's change stream (REPLICATION)
 * @param projector progress-projector's role
 */
public record DatabaseRoles(Credentials owner, Credentials api, Credentials cdc, Credentials projector) {

    public static final String OWNER = "autobolt_owner";
    public static final String API = "autobolt_api";
    public static final String CDC = "autobolt_cdc";
    public static final String PROJECTOR = "autobolt_projector";

    private static final String SCRIPT = "roles.sql";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A role's name and password. */
    public record Credentials(String username, String password) {

        @Override
        public String toString() {
            // Never print the password.
            return "Credentials[" + username + "]";
        }
    }

    /**
     * Runs the role script on {@code admin} (a superuser's or a CREATEROLE role's connection; roles are
     * the cluster's, so any database will do) and sets a new random password on every role. Passwords
     * set by an earlier call stop working.
     */
    public static DatabaseRoles createWithNewPasswords(Connection admin) throws SQLException {
        DatabaseRoles roles = new DatabaseRoles(
                withNewPassword(OWNER), withNewPassword(API), withNewPassword(CDC), withNewPassword(PROJECTOR));
        try (Statement statement = admin.createStatement()) {
            statement.execute(script());
            for (Credentials role : new Credentials[] {roles.owner, roles.api, roles.cdc, roles.projector}) {
                // Base64url has no quote, so the literal is safe; ALTER ROLE takes no parameters.
                statement.execute("ALTER ROLE " + role.username() + " PASSWORD '" + role.password() + "'");
            }
        }
        return roles;
    }

    private static Credentials withNewPassword(String role) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return new Credentials(role, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    private static String script() {
        try (InputStream in = DatabaseRoles.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing beside " + DatabaseRoles.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
