package com.autobolt.api.audit;

import com.autobolt.api.web.RequestIdFilter;
import com.autobolt.schemas.EventJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
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
 * rather than record what may not have happened. A write of one statement may instead carry its record
 * in that statement ({@link #INSERT}, {@link #entry}): job creation does, to save round trips.
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
     * Writes one entry; its seven parameters are those {@link #entry} gives. A write can make it a part
     * of its own statement (a data-modifying {@code WITH}), so that the write and its record are atomic
     * without a transaction around them.
     */
    public static final String INSERT = insertOf(1);

    /** {@link #INSERT} for {@code entries} entries, each with the seven parameters {@link #entry} gives, in order. */
    public static String insertOf(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("an audit insert needs at least one entry");
        }
        return "INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, request_id, details) VALUES "
                + String.join(", ", Collections.nCopies(entries, "(?, ?, ?, ?, ?, ?, ?::jsonb)"));
    }

    /** Records that the caller did {@code action} (e.g. {@code job.retried}) to the target. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, Object targetId, Map<String, ?> details) {
        jdbc.sql(INSERT).params(entry(action, targetType, targetId, details)).update();
    }

    /**
     * {@link #INSERT}'s parameters for the caller doing {@code action} to the target, in order; fails,
     * as {@link #record} does, without an authenticated caller.
     */
    public List<Object> entry(String action, String targetType, Object targetId, Map<String, ?> details) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            throw new IllegalStateException("an audited write without an authenticated caller: " + action);
        }
        return Arrays.asList(
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
