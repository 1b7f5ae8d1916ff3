package com.autobolt.api.audit;

import com.autobolt.api.web.RequestIdFilter;
import com.autobolt.schemas.EventJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.type.TypeReference;

/**
 * The audit trail: every write through the API records who (the API key's name and role), what, to
 * which job, customer or directory, when, and the request's id. It is written in the caller's
 * transaction, so a write and its record commit or roll back together; called outside one it fails
 * rather than record what may not have happened.
 */
@Component
public class AuditTrail {

    /** One recorded write. */
    public record Entry(
            long id,
            Instant at,
            String actor,
            String actorRole,
            String action,
            String targetType,
            String targetId,
            String requestId,
            Map<String, Object> details) {}

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An entry ready to be written: the caller, the request and the details resolved now. For a write
     * that records its entry in its own statement ({@link #INSERT} as one of its parts), so that the
     * write and its record are atomic without a transaction of their own.
     */
    public record Pending(
            String actor,
            String actorRole,
            String action,
            String targetType,
            String targetId,
            String requestId,
            String detailsJson) {

        /** The values of {@link #INSERT}'s parameters, in order. */
        public List<Object> parameters() {
            return Arrays.asList(actor, actorRole, action, targetType, targetId, requestId, detailsJson);
        }
    }

    /** Writes one {@link Pending} entry; its seven parameters are {@link Pending#parameters()}. */
    public static final String INSERT =
            "INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, request_id, details)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)";

    /** Records that the caller did {@code action} (e.g. {@code job.retried}) to the target. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, Object targetId, Map<String, ?> details) {
        jdbc.sql(INSERT)
                .params(pending(action, targetType, targetId, details).parameters())
                .update();
    }

    /**
     * The entry for the caller doing {@code action} to the target, for the caller's own statement to
     * write; fails, as {@link #record} does, without an authenticated caller.
     */
    public Pending pending(String action, String targetType, Object targetId, Map<String, ?> details) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            throw new IllegalStateException("an audited write without an authenticated caller: " + action);
        }
        return new Pending(
                caller.getName(),
                roleOf(caller),
                action,
                targetType,
                String.valueOf(Objects.requireNonNull(targetId)),
                requestId(),
                EventJson.writeString(details));
    }

    /** What was done to the target, oldest first (at most {@code limit} entries). */
    public List<Entry> of(String targetType, Object targetId, int limit) {
        return jdbc.sql("SELECT id, at, actor, actor_role, action, target_type, target_id, request_id,"
                        + " details::text AS details FROM audit_log WHERE target_type = ? AND target_id = ?"
                        + " ORDER BY id LIMIT ?")
                .params(targetType, String.valueOf(targetId), limit)
                .query((rs, row) -> new Entry(
                        rs.getLong("id"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"),
                        rs.getString("actor_role"),
                        rs.getString("action"),
                        rs.getString("target_type"),
                        rs.getString("target_id"),
                        rs.getString("request_id"),
                        EventJson.mapper().readValue(rs.getString("details"), JSON_OBJECT)))
                .list();
    }

    private static String roleOf(Authentication caller) {
        return caller.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()).toLowerCase(java.util.Locale.ROOT))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("an API key without a role"));
    }

    private static String requestId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object id = request == null
                ? null
                : request.getAttribute(RequestIdFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return id == null ? null : id.toString();
    }
}
