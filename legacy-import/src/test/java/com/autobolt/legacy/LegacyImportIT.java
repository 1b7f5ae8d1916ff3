package com.autobolt.legacy;

import static com.autobolt.legacy.fixture.LegacyFixture.directoryKey;
import static com.autobolt.legacy.fixture.LegacyFixture.jobKey;
import static com.autobolt.legacy.fixture.LegacyFixture.queueKey;
import static com.autobolt.legacy.fixture.LegacyFixture.resultKey;
import static com.autobolt.legacy.fixture.LegacyFixture.submissionKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.legacy.fixture.LegacyFixture;
import com.autobolt.legacy.report.ImportReport;
import com.autobolt.legacy.report.ImportReport.Rejection;
import com.autobolt.legacy.source.LegacyTable;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import of the committed legacy fixture into a real AutoBolt database (job-api's migrations),
 * row by row against what each case of the fixture must become, worked out by hand from
 * {@link LegacyFixture} and written down here; then the second run, the dry run, an interrupted run,
 * {@code --resume} and {@code --create-missing-directories}.
 */
class LegacyImportIT {

    private static final String NOT_IN_CATALOG =
            "not in AutoBolt's catalog (--create-missing-directories creates it, inactive)";
    private static final String NO_DIRECTORY =
            "no directory known: its results and submissions name no directory of AutoBolt's catalog";

    /**
     * What each case job must become (without --resume or --create-missing-directories).
     *
     * @param customer the legacy customer whose AutoBolt customer the job belongs to (after merges)
     * @param planned the plan, in the order the legacy rows first named each directory
     * @param dispatch what the dispatcher would process once released; the plan for terminal jobs
     */
    record ExpectedJob(
            LegacyTable table,
            String key,
            String customer,
            String status,
            boolean held,
            String packageType,
            int priority,
            List<String> planned,
            List<String> dispatch,
            int submitted,
            int failed,
            int skipped,
            int percent,
            String completedAt) {}

    private static final List<ExpectedJob> JOBS = List.of(
            // complete; the submission naming Yelp again is an earlier copy of R1
            job(
                    LegacyTable.JOBS,
                    jobKey(1),
                    "DB-2025-0001",
                    "complete",
                    false,
                    "starter",
                    2,
                    List.of("yelp-business", "google-business-profile", "bing-places"),
                    List.of("yelp-business", "google-business-profile", "bing-places"),
                    3,
                    0,
                    0,
                    100,
                    "2025-09-23 08:00:00+00"),
            // "completed"; customer by customer_uuid (C2, merged into C1); duplicates; a failure retried;
            // manual_required skipped; COMPLETION_LOG rejected; completed_at was never set
            job(
                    LegacyTable.JOBS,
                    jobKey(2),
                    "DB-2025-0001",
                    "complete",
                    false,
                    "growth",
                    3,
                    List.of("yelp-business", "bing-places", "facebook-business"),
                    List.of("yelp-business", "bing-places", "facebook-business"),
                    2,
                    0,
                    1,
                    100,
                    null),
            // "in-progress"; customer by code in another case; Apple Maps pending, 'Apple Maps' unknown
            job(
                    LegacyTable.JOBS,
                    jobKey(3),
                    "DB-2025-0007",
                    "in_progress",
                    true,
                    "starter",
                    3,
                    List.of("yelp-business", "apple-maps-connect"),
                    List.of("apple-maps-connect"),
                    1,
                    0,
                    0,
                    50,
                    null),
            // "submitted" on a job; the queue row with the same id is this job renamed
            job(
                    LegacyTable.JOBS,
                    jobKey(4),
                    "DB-2025-0006",
                    "in_progress",
                    true,
                    "starter",
                    4,
                    List.of("google-business-profile", "bing-places"),
                    List.of("bing-places"),
                    0,
                    1,
                    0,
                    50,
                    null),
            // "queued"; plan from submissions: one named in listing_data, one by URL only
            job(
                    LegacyTable.JOBS,
                    jobKey(5),
                    "DB-2025-0006",
                    "pending",
                    true,
                    "starter",
                    4,
                    List.of("yelp-business", "google-business-profile"),
                    List.of("yelp-business", "google-business-profile"),
                    0,
                    0,
                    0,
                    0,
                    null),
            // "processing"; submission_status only; cron's "completed" is still to do
            job(
                    LegacyTable.JOBS,
                    jobKey(6),
                    "DB-2025-0007",
                    "in_progress",
                    true,
                    "starter",
                    3,
                    List.of("facebook-business", "bing-places"),
                    List.of("bing-places"),
                    1,
                    0,
                    0,
                    50,
                    null),
            // failed; no_form; a submission approved in submission_status while status kept its default
            job(
                    LegacyTable.JOBS,
                    jobKey(7),
                    "DB-2025-0001",
                    "failed",
                    false,
                    "starter",
                    3,
                    List.of("yelp-business", "google-business-profile"),
                    List.of("yelp-business", "google-business-profile"),
                    1,
                    1,
                    0,
                    100,
                    "2025-09-24 11:00:00+00"),
            // paused: still to do; a submission naming its directory by directory_id only
            job(
                    LegacyTable.JOBS,
                    jobKey(8),
                    "DB-2025-0006",
                    "pending",
                    true,
                    "starter",
                    3,
                    List.of("bing-places", "apple-maps-connect"),
                    List.of("bing-places", "apple-maps-connect"),
                    0,
                    0,
                    0,
                    0,
                    null),
            job(
                    LegacyTable.JOBS,
                    jobKey(9),
                    "DB-2025-0001",
                    "cancelled",
                    false,
                    "starter",
                    5,
                    List.of("facebook-business", "bing-places"),
                    List.of("facebook-business", "bing-places"),
                    1,
                    0,
                    0,
                    50,
                    null),
            // the customer merged into AutoBolt's existing one; priority 0 -> 1; package_size 300
            job(
                    LegacyTable.JOBS,
                    jobKey(14),
                    "DB-2025-0008",
                    "complete",
                    false,
                    "professional",
                    1,
                    List.of("yelp-business"),
                    List.of("yelp-business"),
                    1,
                    0,
                    0,
                    100,
                    "2025-09-29 12:00:00+00"),
            // "submitting"; package from metadata; every directory ended, so nothing left to dispatch
            job(
                    LegacyTable.JOBS,
                    jobKey(16),
                    "DB-2025-0007",
                    "in_progress",
                    true,
                    "enterprise",
                    3,
                    List.of("google-business-profile"),
                    List.of(),
                    0,
                    1,
                    0,
                    100,
                    null),
            // queue entries that become jobs
            job(
                    LegacyTable.PROCESSING_QUEUE,
                    queueKey(1),
                    "DB-2025-0001",
                    "pending",
                    true,
                    "growth",
                    3,
                    List.of("yelp-business", "facebook-business"),
                    List.of("yelp-business"),
                    1,
                    0,
                    0,
                    50,
                    null),
            // stuck in processing since 2025-10-20
            job(
                    LegacyTable.PROCESSING_QUEUE,
                    queueKey(2),
                    "DB-2025-0006",
                    "in_progress",
                    true,
                    "professional",
                    1,
                    List.of("google-business-profile", "bing-places"),
                    List.of("google-business-profile"),
                    0,
                    1,
                    0,
                    50,
                    null),
            job(
                    LegacyTable.PROCESSING_QUEUE,
                    queueKey(7),
                    "DB-2025-0008",
                    "complete",
                    false,
                    "growth",
                    3,
                    List.of("yelp-business"),
                    List.of("yelp-business"),
                    1,
                    0,
                    0,
                    100,
                    "2025-10-03 12:00:00+00"));

    /** Result rows: (legacy job, directory) -> status, and the legacy row that won. */
    private static final List<List<String>> RESULTS = List.of(
            List.of(jobKey(1), "yelp-business", "submitted", resultKey(1)),
            List.of(jobKey(1), "google-business-profile", "submitted", resultKey(2)),
            List.of(jobKey(1), "bing-places", "submitted", resultKey(3)),
            List.of(jobKey(2), "yelp-business", "submitted", resultKey(5)),
            List.of(jobKey(2), "bing-places", "submitted", resultKey(7)),
            List.of(jobKey(2), "facebook-business", "skipped", resultKey(9)),
            List.of(jobKey(3), "yelp-business", "submitted", resultKey(10)),
            List.of(jobKey(4), "google-business-profile", "failed", resultKey(13)),
            List.of(jobKey(6), "facebook-business", "submitted", resultKey(14)),
            List.of(jobKey(7), "yelp-business", "failed", resultKey(16)),
            List.of(jobKey(7), "google-business-profile", "submitted", submissionKey(4)),
            List.of(jobKey(9), "facebook-business", "submitted", resultKey(18)),
            List.of(jobKey(14), "yelp-business", "submitted", resultKey(22)),
            List.of(jobKey(16), "google-business-profile", "failed", resultKey(24)),
            List.of(queueKey(1), "facebook-business", "submitted", submissionKey(8)),
            List.of(queueKey(2), "bing-places", "failed", submissionKey(10)),
            List.of(queueKey(7), "yelp-business", "submitted", submissionKey(11)));

    /** Rows folded into another: table, key, target table, legacy row whose AutoBolt row it joined. */
    private static final List<List<String>> MERGED = List.of(
            List.of("customers", "c2000000-0000-4000-8000-000000000002", "customers", "DB-2025-0001"),
            List.of("directories", directoryKey(1), "directories", "yelp-business"),
            List.of("directories", directoryKey(4), "directories", "google-business-profile"),
            List.of("directories", directoryKey(7), "directories", "apple-maps-connect"),
            List.of("job_results", resultKey(4), "job_results", jobKey(2) + ":yelp-business"),
            List.of("job_results", resultKey(6), "job_results", jobKey(2) + ":bing-places"),
            List.of("job_results", resultKey(11), "jobs", jobKey(3)),
            List.of("job_results", resultKey(15), "jobs", jobKey(6)),
            List.of("job_results", resultKey(17), "jobs", jobKey(8)),
            List.of("job_results", resultKey(19), "jobs", jobKey(9)),
            List.of("directory_submissions", submissionKey(1), "jobs", jobKey(4)),
            List.of("directory_submissions", submissionKey(2), "jobs", jobKey(5)),
            List.of("directory_submissions", submissionKey(3), "jobs", jobKey(5)),
            List.of("directory_submissions", submissionKey(7), "jobs", queueKey(1)),
            List.of("directory_submissions", submissionKey(9), "jobs", queueKey(2)),
            List.of("directory_submissions", submissionKey(12), "job_results", jobKey(1) + ":yelp-business"),
            List.of("directory_submissions", submissionKey(13), "jobs", jobKey(8)),
            List.of("autobolt_processing_queue", jobKey(4), "jobs", jobKey(4)),
            List.of("autobolt_processing_queue", queueKey(4), "jobs", jobKey(16)));

    /** Every rejected case row and its reason, exactly. */
    private static final Map<LegacyTable, List<Rejection>> REJECTED = Map.of(
            LegacyTable.DIRECTORIES,
            List.of(
                    new Rejection(directoryKey(2), NOT_IN_CATALOG),
                    new Rejection(directoryKey(3), NOT_IN_CATALOG),
                    new Rejection(directoryKey(5), NOT_IN_CATALOG),
                    new Rejection(directoryKey(6), NOT_IN_CATALOG)),
            LegacyTable.CUSTOMERS,
            List.of(
                    new Rejection("DB-2025-0003", "no email (null)"),
                    new Rejection("DB-2025-0004", "no email (empty)"),
                    new Rejection("DB-2025-0009", "not an email address: 'not-an-email'"),
                    new Rejection("DB-2025-0010", "unknown package type 'platinum'"),
                    new Rejection(
                            "DB-2025-0005",
                            "a test customer (TEST- id, created_for_testing or a @directorybolt-testing.com email)")),
            LegacyTable.JOBS,
            List.of(
                    new Rejection(jobKey(11), "customer 'DB-2025-9999' not found (deleted from the legacy system?)"),
                    new Rejection(jobKey(12), "customer 'DB-2025-0003' is rejected: no email (null)"),
                    new Rejection(jobKey(10), "unknown status 'on_hold'"),
                    new Rejection(jobKey(13), NO_DIRECTORY),
                    new Rejection(
                            jobKey(15),
                            "customer 'TEST-20251001-AB12CD' is rejected: a test customer (TEST- id,"
                                    + " created_for_testing or a @directorybolt-testing.com email)")),
            LegacyTable.JOB_RESULTS,
            List.of(
                    new Rejection(resultKey(8), "a completion summary (COMPLETION_LOG), not a directory"),
                    new Rejection(
                            resultKey(12),
                            "unknown directory 'Apple Maps': in neither AutoBolt's nor the legacy catalog"),
                    new Rejection(resultKey(20), "its job " + jobKey(10) + " is rejected: unknown status 'on_hold'"),
                    new Rejection(
                            resultKey(21),
                            "its job " + jobKey(11)
                                    + " is rejected: customer 'DB-2025-9999' not found (deleted from the legacy system?)"),
                    new Rejection(resultKey(23), "directory 'Yelp' is " + NOT_IN_CATALOG),
                    new Rejection(
                            resultKey(25),
                            "job 10000000-0000-4000-8000-00000000dead not found (deleted from the legacy system?)"),
                    new Rejection(resultKey(26), "no job_id")),
            LegacyTable.DIRECTORY_SUBMISSIONS,
            List.of(
                    new Rejection(
                            submissionKey(6),
                            "no directory name, and neither its directory_url nor its directory_id is in the legacy"
                                    + " catalog"),
                    new Rejection(
                            submissionKey(5), "linked to a customer only: no job_id, submission_queue_id or queue_id")),
            LegacyTable.PROCESSING_QUEUE,
            List.of(
                    new Rejection(
                            queueKey(5),
                            "no directory known: no directory_submissions row names this queue"
                                    + " entry, and its customer has no unfinished legacy job it could be a copy of"),
                    new Rejection(
                            queueKey(6), "customer 'DIR-20991231-999999' not found (deleted from the legacy system?)"),
                    new Rejection(
                            queueKey(8),
                            "a copy of the customer's unfinished job " + jobKey(13) + ", which is rejected: "
                                    + NO_DIRECTORY)));

    @Test
    void shouldImportEveryCaseAsWrittenDownAndTheBulkWithExactProgress() throws Exception {
        ImportWorld world = new ImportWorld();

        ImportReport first = world.report("--chunk-size=7");

        assertThat(counts(first, LegacyTable.DIRECTORIES)).containsExactly(19, 0, 15, 4, 0);
        assertThat(counts(first, LegacyTable.CUSTOMERS))
                .containsExactly(10 + LegacyFixture.BULK_CUSTOMERS, 3 + LegacyFixture.BULK_CUSTOMERS, 2, 5, 0);
        assertThat(counts(first, LegacyTable.JOBS))
                .containsExactly(16 + LegacyFixture.BULK_JOBS, 11 + LegacyFixture.BULK_JOBS, 0, 5, 0);
        assertThat(counts(first, LegacyTable.PROCESSING_QUEUE)).containsExactly(8, 3, 2, 3, 0);
        assertThat(counts(first, LegacyTable.DIRECTORY_SUBMISSIONS)).containsExactly(13, 4, 7, 2, 0);
        assertThat(first.table(LegacyTable.JOB_RESULTS).rejected()).isEqualTo(7);
        ImportReport.TableCounts results = first.table(LegacyTable.JOB_RESULTS);
        assertThat(results.read()).isEqualTo(results.imported() + results.merged() + results.rejected());
        assertThat(world.count("SELECT count(*) FROM job_results"))
                .isEqualTo(results.imported()
                        + first.table(LegacyTable.DIRECTORY_SUBMISSIONS).imported());
        assertThat(first.jobsHeld()).isEqualTo(world.count("SELECT count(*) FROM jobs WHERE dispatch_held"));

        // Customers: one per email, case and white space aside; merged into AutoBolt's own customer.
        String c1 = targetOf(world, "customers", "DB-2025-0001");
        assertThat(targetOf(world, "customers", "c2000000-0000-4000-8000-000000000002"))
                .isEqualTo(c1);
        assertThat(targetOf(world, "customers", "DB-2025-0008")).isEqualTo(ImportWorld.EXISTING_CUSTOMER);
        Map<String, String> harbor = world.rows(
                        "SELECT email, package_type, reference, created_at FROM customers WHERE id = '" + c1 + "'")
                .get(0);
        assertThat(harbor)
                .as("the earliest row of the email is the one kept")
                .containsEntry("email", "owner@harborbakery.example")
                .containsEntry("package_type", "starter")
                .containsEntry("created_at", "2025-09-18 10:00:00+00");
        assertThat(harbor.get("reference")).matches("DB-2025-[0-9]{6}");
        assertThat(world.rows("SELECT package_type FROM customers WHERE id = '"
                                + targetOf(world, "customers", "DB-2025-0006") + "'")
                        .get(0))
                .containsEntry("package_type", "professional");
        assertThat(world.count("SELECT count(*) FROM customers")).isEqualTo(1 + 3 + LegacyFixture.BULK_CUSTOMERS);

        // Jobs, one by one.
        for (ExpectedJob expected : JOBS) {
            String id = targetOf(world, expected.table().tableName(), expected.key());
            Map<String, String> job =
                    world.rows("SELECT * FROM jobs WHERE id = '" + id + "'").get(0);
            String customerId = expected.customer().equals("DB-2025-0008")
                    ? ImportWorld.EXISTING_CUSTOMER
                    : targetOf(world, "customers", expected.customer());
            assertThat(job)
                    .as(expected.key())
                    .containsEntry("customer_id", customerId)
                    .containsEntry("status", expected.status())
                    .containsEntry("dispatch_held", expected.held() ? "t" : "f")
                    .containsEntry("origin", "legacy-import")
                    .containsEntry("package_type", expected.packageType())
                    .containsEntry("priority", String.valueOf(expected.priority()))
                    .containsEntry("attempt", "1")
                    .containsEntry("planned_directory_ids", array(expected.planned()))
                    .containsEntry("dispatch_directory_ids", array(expected.dispatch()))
                    .containsEntry(
                            "directory_count", String.valueOf(expected.planned().size()))
                    .containsEntry(
                            "progress_total", String.valueOf(expected.planned().size()))
                    .containsEntry("progress_submitted", String.valueOf(expected.submitted()))
                    .containsEntry("progress_failed", String.valueOf(expected.failed()))
                    .containsEntry("progress_skipped", String.valueOf(expected.skipped()))
                    .containsEntry("progress_percent", String.valueOf(expected.percent()))
                    .containsEntry("completed_at", expected.completedAt());
        }
        Map<String, String> summit = world.rows("SELECT business_profile::text AS profile, created_at, started_at"
                        + " FROM jobs WHERE id = '" + targetOf(world, "jobs", jobKey(4)) + "'")
                .get(0);
        assertThat(summit.get("profile"))
                .contains(
                        "\"businessName\": \"Summit Plumbing & Heating\"",
                        "\"email\": \"jobs@summitplumbing.example\"");
        assertThat(summit)
                .as("timestamps kept")
                .containsEntry("created_at", "2025-09-26 10:00:00+00")
                .containsEntry("started_at", "2025-09-26 10:03:00+00");

        // Result rows: one per (job, directory), from the row that won.
        for (List<String> expected : RESULTS) {
            String jobId = targetOf(
                    world, expected.get(0).startsWith("4") ? "autobolt_processing_queue" : "jobs", expected.get(0));
            Map<String, String> result = world.rows("SELECT status, attempt, evidence->>'legacyKey' AS legacy_key"
                            + " FROM job_results WHERE job_id = '" + jobId + "' AND directory_id = '"
                            + expected.get(1) + "'")
                    .get(0);
            assertThat(result)
                    .as(expected.toString())
                    .containsEntry("status", expected.get(2))
                    .containsEntry("attempt", "1")
                    .containsEntry("legacy_key", expected.get(3));
        }
        assertThat(world.rows("SELECT error_code, error_message FROM job_results WHERE job_id = '"
                                + targetOf(world, "jobs", jobKey(4)) + "'")
                        .get(0))
                .containsEntry("error_code", "error")
                .containsEntry("error_message", "Captcha changed");

        // Merged rows point at the row they joined.
        for (List<String> merged : MERGED) {
            Map<String, String> mapping = world.rows("SELECT outcome, target_table, target_key FROM legacy_import_rows"
                            + " WHERE legacy_table = '" + merged.get(0) + "' AND legacy_key = '" + merged.get(1) + "'")
                    .get(0);
            assertThat(mapping).as(merged.toString()).containsEntry("outcome", "merged");
            assertThat(mapping.get("target_table")).isEqualTo(merged.get(2));
            assertThat(mapping.get("target_key")).isEqualTo(mergedTarget(world, merged));
        }

        // Rejected rows: each with its reason, and none of them written.
        REJECTED.forEach((table, rejections) -> assertThat(first.table(table).rejections())
                .as(table.tableName())
                .containsExactlyInAnyOrderElementsOf(rejections));
        assertThat(world.count("SELECT count(*) FROM legacy_import_rows WHERE legacy_key IN ("
                        + REJECTED.values().stream()
                                .flatMap(List::stream)
                                .map(rejection -> "'" + rejection.key() + "'")
                                .collect(Collectors.joining(","))
                        + ")"))
                .isZero();

        // The bulk: every job imported, progress equal to a recount of its results.
        assertThat(world.count("SELECT count(*) FROM jobs WHERE origin = 'legacy-import'"))
                .isEqualTo(JOBS.size() + LegacyFixture.BULK_JOBS);
        assertThat(world.count("""
                        SELECT count(*) FROM jobs j
                        WHERE progress_submitted <> (SELECT count(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'submitted')
                           OR progress_failed <> (SELECT count(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'failed')
                           OR progress_skipped <> (SELECT count(*) FROM job_results r WHERE r.job_id = j.id AND r.status = 'skipped')
                           OR EXISTS (SELECT 1 FROM job_results r WHERE r.job_id = j.id
                                      AND NOT r.directory_id = ANY (j.planned_directory_ids))
                        """)).isZero();
        assertThat(world.count(
                        "SELECT count(*) FROM jobs WHERE dispatch_held AND status NOT IN ('pending', 'in_progress')"))
                .isZero();
        assertThat(world.count(
                        "SELECT count(*) FROM jobs WHERE status IN ('pending', 'in_progress') AND NOT dispatch_held"))
                .as("nothing imported without --resume is left for the dispatcher")
                .isZero();

        assertThat(world.query("SELECT legacy_row->>'email' AS email FROM legacy_import_rows"
                        + " WHERE legacy_key = 'c2000000-0000-4000-8000-000000000002'"))
                .as("the legacy row is kept whole")
                .contains("email=  Owner@HarborBakery.example ");
    }

    @Test
    void shouldImportNothingTheSecondTimeAndSaySo() throws Exception {
        ImportWorld world = new ImportWorld();
        ImportReport first = world.report();
        String afterFirst = world.snapshot();

        ImportWorld.Run second = world.run();

        assertThat(second.status()).isZero();
        assertThat(second.out()).contains("Nothing new to import");
        assertThat(world.snapshot()).isEqualTo(afterFirst);
        ImportReport again = world.report();
        for (LegacyTable table : LegacyTable.values()) {
            ImportReport.TableCounts before = first.table(table);
            ImportReport.TableCounts after = again.table(table);
            assertThat(after.imported() + after.merged()).as(table.tableName()).isZero();
            assertThat(after.alreadyImported()).isEqualTo(before.imported() + before.merged());
            assertThat(after.rejections())
                    .as("the same rejections, for the same reasons")
                    .containsExactlyInAnyOrderElementsOf(before.rejections());
        }
    }

    @Test
    void shouldWriteNothingOnADryRunAndReportWhatTheRunThenDoes(@TempDir Path dir) throws Exception {
        ImportWorld world = new ImportWorld();
        String before = world.snapshot() + world.query("SELECT last_value FROM customer_reference_seq");

        ImportWorld.Run dry = world.run("--dry-run", "--report-json=" + dir.resolve("dry.json"));

        assertThat(dry.status()).isZero();
        assertThat(world.snapshot() + world.query("SELECT last_value FROM customer_reference_seq"))
                .isEqualTo(before);
        ImportWorld.Run real = world.run("--report-json=" + dir.resolve("real.json"));
        assertThat(Files.readString(dir.resolve("real.json")))
                .isEqualTo(
                        Files.readString(dir.resolve("dry.json")).replace("\"dryRun\" : true", "\"dryRun\" : false"));
        assertThat(tableOf(dry.out())).isEqualTo(tableOf(real.out()));
        assertThat(Files.readString(dir.resolve("real.json"))).contains("\"rejections\"", "\"reason\" : \"no job_id\"");
    }

    @Test
    void shouldFinishAnInterruptedRunWithTheSameFinalState() throws Exception {
        ImportWorld whole = new ImportWorld();
        assertThat(whole.run("--chunk-size=20").status()).isZero();
        ImportWorld interrupted = new ImportWorld();

        ImportWorld.Run broken = interrupted.run(
                (chunk, chunks, units) -> {
                    if (chunk == 5) {
                        throw new IllegalStateException("injected failure after chunk 5");
                    }
                },
                "--chunk-size=20");

        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.err()).contains("injected failure after chunk 5", "run the same command again");
        assertThat(interrupted.count("SELECT count(*) FROM legacy_import_rows")).isPositive();
        assertThat(interrupted.snapshot()).isNotEqualTo(whole.snapshot());
        ImportWorld.Run resumed = interrupted.run("--chunk-size=20");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(interrupted.snapshot()).isEqualTo(whole.snapshot());
    }

    @Test
    void shouldReleaseHeldJobsOnlyWithResume() throws Exception {
        ImportWorld world = new ImportWorld();
        world.run();
        long held = world.count("SELECT count(*) FROM jobs WHERE dispatch_held");
        String versionsBefore = world.query("SELECT id, version FROM jobs WHERE NOT dispatch_held ORDER BY id");

        ImportWorld.Run resume = world.run("--resume");

        assertThat(resume.status()).isZero();
        assertThat(resume.out()).contains("held jobs released by --resume: " + held);
        assertThat(world.count("SELECT count(*) FROM jobs WHERE dispatch_held")).isZero();
        assertThat(world.query("SELECT id, version FROM jobs WHERE version = 0 ORDER BY id"))
                .as("jobs that were not held are untouched")
                .isEqualTo(versionsBefore);
        // J3: to pending with what is left; J16: nothing left and a failure, so it ends failed.
        assertThat(world.rows("SELECT status, dispatch_directory_ids, version FROM jobs WHERE id = '"
                                + targetOf(world, "jobs", jobKey(3)) + "'")
                        .get(0))
                .containsEntry("status", "pending")
                .containsEntry("dispatch_directory_ids", "{apple-maps-connect}")
                .containsEntry("version", "1");
        Map<String, String> ended = world.rows("SELECT status, completed_at FROM jobs WHERE id = '"
                        + targetOf(world, "jobs", jobKey(16)) + "'")
                .get(0);
        assertThat(ended.get("status")).isEqualTo("failed");
        assertThat(ended.get("completed_at")).isNotNull();
        assertThat(world.run("--resume").out()).contains("held jobs released by --resume: 0", "Nothing new to import");
    }

    @Test
    void shouldDispatchImportedUnfinishedWorkAtOnceWhenTheFirstRunResumes() throws Exception {
        ImportWorld world = new ImportWorld();

        world.run("--resume");

        assertThat(world.count("SELECT count(*) FROM jobs WHERE dispatch_held")).isZero();
        assertThat(world.rows("SELECT status, dispatch_directory_ids FROM jobs WHERE id = '"
                                + targetOf(world, "autobolt_processing_queue", queueKey(2)) + "'")
                        .get(0))
                .containsEntry("status", "pending")
                .containsEntry("dispatch_directory_ids", "{google-business-profile}");
        assertThat(world.rows("SELECT status FROM jobs WHERE id = '" + targetOf(world, "jobs", jobKey(16)) + "'")
                        .get(0))
                .containsEntry("status", "failed");
    }

    @Test
    void shouldCreateMissingDirectoriesInactiveWhenAsked() throws Exception {
        ImportWorld world = new ImportWorld();

        world.run("--create-missing-directories");

        assertThat(world.query("SELECT id, name, active, submission_url FROM directories WHERE id LIKE 'legacy-%'"
                        + " ORDER BY id COLLATE \"C\""))
                .isEqualTo("id=legacy-yellow-pages name=Yellow Pages active=f"
                        + " submission_url=https://www.yellowpages.com/free-listing \n"
                        + "id=legacy-yellowpages-com name=YellowPages.com active=f"
                        + " submission_url=https://www.yellowpages.com \n"
                        + "id=legacy-yelp name=Yelp active=f submission_url=https://www.yelp.com/biz/add \n");
        assertThat(world.rows("SELECT planned_directory_ids, progress_submitted FROM jobs WHERE id = '"
                                + targetOf(world, "jobs", jobKey(14)) + "'")
                        .get(0))
                .containsEntry("planned_directory_ids", "{yelp-business,legacy-yelp}")
                .containsEntry("progress_submitted", "2");
        ImportReport again = world.report("--create-missing-directories");
        assertThat(again.table(LegacyTable.DIRECTORIES).rejections())
                .containsExactly(new Rejection(
                        directoryKey(6),
                        "not in AutoBolt's catalog, and no submission URL or website to create it with"));
    }

    @Test
    void shouldRefuseARoleThatCannotWriteAndWriteNothing() throws Exception {
        ImportWorld world = new ImportWorld();
        String before = world.snapshot();
        Map<String, String> env = world.env();
        env.put("AUTOBOLT_DB_USER", world.target.roles().api().username());
        env.put("AUTOBOLT_DB_PASSWORD", world.target.roles().api().password());
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new ImportLegacyCommand(
                        new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC(),
                        (chunk, chunks, units) -> {})
                .run(world.sourceArgs(), env);

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("may not insert into", "autobolt_owner");
        assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    void shouldRefuseASourceWithoutTheLegacyTablesAndWriteNothing() throws Exception {
        ImportWorld world = new ImportWorld();
        String before = world.snapshot();
        TestDatabase empty = TestInfrastructure.postgres().createDatabase();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new ImportLegacyCommand(
                        new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC(),
                        (chunk, chunks, units) -> {})
                .run(
                        List.of(
                                "--source=" + empty.jdbcUrl(),
                                "--user=" + empty.username(),
                                "--password=" + empty.password()),
                        world.env());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not read the legacy table directories");
        assertThat(world.snapshot()).isEqualTo(before);
    }

    // --- helpers ---

    private static ExpectedJob job(
            LegacyTable table,
            String key,
            String customer,
            String status,
            boolean held,
            String packageType,
            int priority,
            List<String> planned,
            List<String> dispatch,
            int submitted,
            int failed,
            int skipped,
            int percent,
            String completedAt) {
        return new ExpectedJob(
                table,
                key,
                customer,
                status,
                held,
                packageType,
                priority,
                planned,
                dispatch,
                submitted,
                failed,
                skipped,
                percent,
                completedAt);
    }

    /** The AutoBolt key a legacy row was imported as, or merged into. */
    private static String targetOf(ImportWorld world, String table, String key) throws Exception {
        List<Map<String, String>> rows = world.rows("SELECT target_key FROM legacy_import_rows WHERE legacy_table = '"
                + table + "' AND legacy_key = '" + key + "'");
        assertThat(rows).as(table + " " + key + " imported").hasSize(1);
        return rows.get(0).get("target_key");
    }

    private static String mergedTarget(ImportWorld world, List<String> merged) throws Exception {
        String target = merged.get(3);
        return switch (merged.get(2)) {
            case "customers" -> targetOf(world, "customers", target);
            case "directories" -> target;
            case "jobs" -> targetOf(world, target.startsWith("4") ? "autobolt_processing_queue" : "jobs", target);
            default -> {
                String[] parts = target.split(":");
                yield targetOf(world, "jobs", parts[0]) + ":" + parts[1];
            }
        };
    }

    /** read, imported, merged, rejected, already imported. */
    private static List<Integer> counts(ImportReport report, LegacyTable table) {
        ImportReport.TableCounts counts = report.table(table);
        return List.of(counts.read(), counts.imported(), counts.merged(), counts.rejected(), counts.alreadyImported());
    }

    private static String array(List<String> values) {
        return "{" + String.join(",", values) + "}";
    }

    /** The report's table of counts, without its first line (which says whether it was a dry run). */
    private static String tableOf(String out) {
        return out.lines()
                .filter(line -> !line.startsWith("committed chunk") && !line.startsWith("Legacy import"))
                .collect(Collectors.joining("\n"));
    }
}
