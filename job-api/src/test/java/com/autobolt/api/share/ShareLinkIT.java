package com.autobolt.api.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A share link opens one job's progress, without a key, and nothing else; revoked or expired, nothing. */
class ShareLinkIT extends SharedApiTestSupport {

    private static final String CATEGORY = "sharing";
    private static boolean catalogued;

    private UUID customer;

    @BeforeEach
    void catalogAndCustomer() {
        if (!catalogued) {
            insertDirectories(50, CATEGORY, 50);
            catalogued = true;
        }
        customer = createCustomer(CATEGORY);
    }

    @Test
    void shouldOpenTheJobsProgressWithoutAKeyAndNothingMore() {
        UUID job = createJob(customer, "starter");
        failJob(job, 3);
        jdbc.update(
                "UPDATE job_results SET listing_url = 'https://listing.example/acme' WHERE job_id = ?"
                        + " AND status = 'submitted'",
                job);
        jdbc.update(
                "UPDATE job_results SET listing_url = 'https://never.example/shown' WHERE job_id = ? AND status = 'failed'",
                job);

        Api.Response created = api().post("/api/jobs/" + job + "/share", TestKeys.STAFF, null);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().path("token").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.header("Location")).isEqualTo("/progress/" + token);
        Api.Response page = api().get("/progress/" + token, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        Api.Response data = api().get("/progress/" + token + "/data", null);
        assertThat(data.status()).isEqualTo(200);
        JsonNode view = data.json();
        assertThat(view.path("status").asString()).isEqualTo("failed");
        assertThat(view.path("total").asInt()).isEqualTo(50);
        assertThat(view.path("failed").asInt()).isEqualTo(3);
        assertThat(view.path("businessName").asString()).startsWith("Acme Plumbing");
        assertThat(view.path("directories").size()).isEqualTo(50);
        assertThat(view.path("directories").get(0).path("status").asString()).isEqualTo("failed");
        assertThat(view.path("directories").get(0).path("listingUrl").isNull()).isTrue();
        assertThat(view.path("directories").get(3).path("listingUrl").asString())
                .isEqualTo("https://listing.example/acme");
        String customerEmail = api().get("/api/customers/" + customer, TestKeys.VIEWER)
                .json()
                .path("email")
                .asString();
        assertThat(data.body())
                .doesNotContain(customer.toString(), customerEmail, "worker-1", "answered 500")
                .doesNotContain("never.example");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM job_shares WHERE token_hash::text LIKE ?",
                        Integer.class,
                        "%" + token + "%"))
                .isZero();
    }

    @Test
    void shouldStopOpeningOnceRevokedOrExpiredAndTellNothingApart() {
        UUID job = createJob(customer, "starter");
        JsonNode first = api().post("/api/jobs/" + job + "/share", TestKeys.STAFF, Map.of("expiresInDays", 7))
                .json();
        JsonNode second =
                api().post("/api/jobs/" + job + "/share", TestKeys.ADMIN, null).json();
        String revokedToken = first.path("token").asString();
        String expiredToken = second.path("token").asString();

        Api.Response revoked = api().send(
                        "DELETE",
                        "/api/jobs/" + job + "/shares/" + first.path("id").asString(),
                        TestKeys.STAFF,
                        null,
                        Map.of());
        jdbc.update(
                "UPDATE job_shares SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'"
                        + " WHERE id = ?",
                UUID.fromString(second.path("id").asString()));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revokedAt").asString()).isNotBlank();
        Api.Response list = api().get("/api/jobs/" + job + "/shares", TestKeys.STAFF);
        assertThat(list.json().size()).isEqualTo(2);
        assertThat(list.body()).doesNotContain(revokedToken, expiredToken);
        for (String token : List.of(revokedToken, expiredToken, "x".repeat(43), "short", "a".repeat(4000), "%27--")) {
            Api.Response data = api().get("/progress/" + token + "/data", null);
            assertThat(data.status()).as(token).isEqualTo(404);
            assertThat(data.detail()).isEqualTo("this progress link is unknown, has expired or was revoked");
            Api.Response page = api().get("/progress/" + token, null);
            assertThat(page.status()).as(token).isIn(404, 400);
            if (page.status() == 404) {
                // The page, which holds no data, says it in words; nothing tells the cases apart.
                assertThat(page.body()).contains("This link has expired or was revoked");
            }
        }
        assertThat(api().get("/api/jobs/" + job + "/history", TestKeys.VIEWER).body())
                .contains("job.shared", "job.share_revoked");
    }

    @Test
    void shouldLetOnlyStaffShareAndRefuseBadRequests() {
        UUID job = createJob(customer, "starter");

        assertThat(api().post("/api/jobs/" + job + "/share", TestKeys.VIEWER, null)
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/jobs/" + job + "/shares", TestKeys.VIEWER).status())
                .isEqualTo(403);
        assertThat(api().post("/api/jobs/" + UUID.randomUUID() + "/share", TestKeys.STAFF, null)
                        .status())
                .isEqualTo(404);
        assertThat(api().post("/api/jobs/" + job + "/share", TestKeys.STAFF, Map.of("expiresInDays", 0))
                        .status())
                .isEqualTo(400);
        assertThat(api().post("/api/jobs/" + job + "/share", TestKeys.STAFF, Map.of("expiresInDays", 366))
                        .status())
                .isEqualTo(400);
        assertThat(api().send(
                                "DELETE",
                                "/api/jobs/" + job + "/shares/" + UUID.randomUUID(),
                                TestKeys.STAFF,
                                null,
                                Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(count("job_shares")).isGreaterThanOrEqualTo(0);
    }
}
