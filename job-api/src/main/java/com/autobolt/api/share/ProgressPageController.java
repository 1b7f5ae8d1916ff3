package com.autobolt.api.share;

import com.autobolt.api.error.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's own progress page, opened by a share link's token instead of an API key: one job's
 * progress and each directory's name, outcome and listing URL. Nothing else crosses: no customer id,
 * contact details, error texts from sites, workers or staff actions. An unknown, expired or revoked
 * token is one and the same 404. Answers are never cached, and the page sends no referrer, since the
 * token is in its address.
 */
@RestController
class ProgressPageController {

    /** What the customer sees of the job. */
    record JobProgressView(
            String businessName,
            String packageType,
            String status,
            int total,
            int done,
            int submitted,
            int failed,
            int skipped,
            int percent,
            Instant createdAt,
            Instant completedAt,
            List<DirectoryOutcome> directories) {}

    /** One directory as the customer sees it. */
    record DirectoryOutcome(String name, String status, String listingUrl) {}

    private static final ClassPathResource PAGE = new ClassPathResource("static/progress.html");

    private final ShareLinks links;
    private final JdbcClient jdbc;

    ProgressPageController(ShareLinks links, JdbcClient jdbc) {
        this.links = links;
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/progress/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page(@PathVariable String token) {
        // The page holds no data: a link that opens nothing gets it too, as a 404, and it says so to the
        // customer in words rather than as an API error.
        HttpStatus status = links.jobOpenedBy(token).isPresent() ? HttpStatus.OK : HttpStatus.NOT_FOUND;
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .contentType(MediaType.TEXT_HTML)
                .body(PAGE);
    }

    @GetMapping(path = "/progress/{token}/data", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobProgressView> data(@PathVariable String token) {
        UUID job = opened(token);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .body(view(job));
    }

    private UUID opened(String token) {
        return links.jobOpenedBy(token)
                .orElseThrow(() -> ApiException.notFound("this progress link is unknown, has expired or was revoked"));
    }

    private JobProgressView view(UUID job) {
        List<DirectoryOutcome> directories = jdbc.sql("SELECT coalesce(d.name, p.directory_id) AS name,"
                        + " CASE WHEN r.status IS NULL OR (r.attempt < j.attempt AND p.directory_id = ANY"
                        + " (j.dispatch_directory_ids)) THEN 'pending' ELSE r.status END AS status,"
                        + " r.listing_url FROM jobs j"
                        + " CROSS JOIN LATERAL unnest(j.planned_directory_ids) WITH ORDINALITY AS p(directory_id, ord)"
                        + " LEFT JOIN directories d ON d.id = p.directory_id"
                        + " LEFT JOIN job_results r ON r.job_id = j.id AND r.directory_id = p.directory_id"
                        + " WHERE j.id = ? ORDER BY p.ord")
                .param(job)
                .query((rs, row) -> new DirectoryOutcome(
                        rs.getString("name"),
                        rs.getString("status"),
                        "submitted".equals(rs.getString("status")) ? rs.getString("listing_url") : null))
                .list();
        return jdbc.sql("SELECT business_profile ->> 'businessName' AS business_name, package_type, status,"
                        + " progress_total, progress_done, progress_submitted, progress_failed, progress_skipped,"
                        + " progress_percent, created_at, completed_at FROM jobs WHERE id = ?")
                .param(job)
                .query((rs, row) -> new JobProgressView(
                        rs.getString("business_name"),
                        rs.getString("package_type"),
                        rs.getString("status"),
                        rs.getInt("progress_total"),
                        rs.getInt("progress_done"),
                        rs.getInt("progress_submitted"),
                        rs.getInt("progress_failed"),
                        rs.getInt("progress_skipped"),
                        rs.getInt("progress_percent"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("completed_at", OffsetDateTime.class) == null
                                ? null
                                : rs.getObject("completed_at", OffsetDateTime.class)
                                        .toInstant(),
                        directories))
                .single();
    }
}
