package com.autobolt.api.share;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Share links: an unguessable token (256 random bits) that opens one job's progress page, until it
 * expires or is revoked. Only the token's hash is stored, so the token is shown once, when created.
 */
@Service
class ShareLinks {

    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    static final int MAX_DAYS = 365;

    /** A token as made here: 43 base64url characters. Anything else is not looked up at all. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A link as staff see it: never the token, which only its creation shows. */
    record Link(UUID id, UUID jobId, Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt) {}

    /** A new link, with its token and the page's path. */
    record Created(UUID id, UUID jobId, String token, String path, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    ShareLinks(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    Created create(UUID jobId, Integer days) {
        if (jdbc.sql("SELECT count(*) FROM jobs WHERE id = ?")
                        .param(jobId)
                        .query(Long.class)
                        .single()
                == 0) {
            throw ApiException.notFound("no job with id " + jobId);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(days == null ? DEFAULT_LIFETIME : Duration.ofDays(days));
        jdbc.sql("INSERT INTO job_shares (id, job_id, token_hash, created_at, created_by, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, jobId, hash(token), utc(now), caller(), utc(expires))
                .update();
        audit.record("job.shared", "job", jobId, Map.of("shareId", id.toString(), "expiresAt", expires.toString()));
        return new Created(id, jobId, token, "/progress/" + token, expires);
    }

    @Transactional
    Link revoke(UUID jobId, UUID shareId) {
        int revoked = jdbc.sql("UPDATE job_shares SET revoked_at = now() WHERE id = ? AND job_id = ?"
                        + " AND revoked_at IS NULL")
                .params(shareId, jobId)
                .update();
        Link link = links(jobId).stream()
                .filter(candidate -> candidate.id().equals(shareId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("job " + jobId + " has no share link " + shareId));
        if (revoked == 1) {
            audit.record("job.share_revoked", "job", jobId, Map.of("shareId", shareId.toString()));
        }
        return link;
    }

    List<Link> links(UUID jobId) {
        return jdbc.sql("SELECT id, job_id, created_at, created_by, expires_at, revoked_at FROM job_shares"
                        + " WHERE job_id = ? ORDER BY created_at, id")
                .param(jobId)
                .query((rs, row) -> new Link(
                        rs.getObject("id", UUID.class),
                        rs.getObject("job_id", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("created_by"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .list();
    }

    /** The job a token opens now: empty for a malformed, unknown, expired or revoked one alike. */
    Optional<UUID> jobOpenedBy(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT job_id FROM job_shares WHERE token_hash = ? AND revoked_at IS NULL"
                        + " AND expires_at > now()")
                .param(hash(token))
                .query(UUID.class)
                .optional();
    }

    private static String caller() {
        return SecurityContextHolder.getContext().getAuthentication().getName();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
