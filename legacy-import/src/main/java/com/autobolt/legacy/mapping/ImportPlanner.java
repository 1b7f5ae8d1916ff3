package com.autobolt.legacy.mapping;

import com.autobolt.legacy.existing.Names;
import com.autobolt.legacy.existing.TargetState;
import com.autobolt.legacy.existing.TargetState.HeldJob;
import com.autobolt.legacy.existing.TargetState.LegacyKey;
import com.autobolt.legacy.existing.TargetState.Remembered;
import com.autobolt.legacy.mapping.ImportPlan.CustomerUnit;
import com.autobolt.legacy.mapping.ImportPlan.DirectoryUnit;
import com.autobolt.legacy.mapping.ImportPlan.JobUnit;
import com.autobolt.legacy.mapping.ImportPlan.Mapping;
import com.autobolt.legacy.mapping.ImportPlan.MappingUnit;
import com.autobolt.legacy.mapping.ImportPlan.NewCustomer;
import com.autobolt.legacy.mapping.ImportPlan.NewDirectory;
import com.autobolt.legacy.mapping.ImportPlan.NewJob;
import com.autobolt.legacy.mapping.ImportPlan.NewResult;
import com.autobolt.legacy.mapping.ImportPlan.Release;
import com.autobolt.legacy.mapping.ImportPlan.Unit;
import com.autobolt.legacy.report.ImportReport;
import com.autobolt.legacy.source.LegacyRow;
import com.autobolt.legacy.source.LegacySnapshot;
import com.autobolt.legacy.source.LegacyTable;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.EventText;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.ListingUrls;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides, for every legacy row, what it becomes in AutoBolt: imported, merged into another row, or
 * rejected with a reason; and for {@code --resume}, which held jobs to release. Reads nothing and
 * writes nothing itself: the same inputs always give the same plan, which is what makes a dry run's
 * report the real run's and a second run's plan empty.
 */
public final class ImportPlanner {

    /** The pseudo result row Netlify's jobs-complete wrote with a job's completion summary. */
    private static final String COMPLETION_LOG = "completion_log";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Comparator<LegacyRow> OLDEST_FIRST = Comparator.comparing(
                    (LegacyRow row) -> row.firstInstant("created_at", "updated_at"),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(LegacyRow::key);

    /** Options that change the plan. */
    public record Options(boolean createMissingDirectories, boolean resume) {}

    private final LegacySnapshot legacy;
    private final TargetState target;
    private final Options options;
    private final Instant now;
    private final ImportReport report = new ImportReport();

    // directories
    private final Map<String, String> directoryIdsByName;
    private final Set<String> takenDirectoryIds;
    private final Map<String, LegacyRow> legacyDirectoriesByName = new HashMap<>();
    private final Map<String, LegacyRow> legacyDirectoriesByUrl = new HashMap<>();
    private final Map<String, LegacyRow> legacyDirectoriesById = new HashMap<>();
    private final Map<String, String> directoryRejections = new HashMap<>();

    // customers
    private final Map<String, CustomerRef> customersByReference = new HashMap<>();
    private final Map<String, UUID> customerIdsByEmail;
    private final Map<UUID, CustomerUnitBuilder> customerUnits = new LinkedHashMap<>();

    // jobs
    private final Map<LegacyKey, JobOutcome> jobOutcomes = new HashMap<>();
    private final Set<LegacyKey> accounted = new HashSet<>();

    private final List<Unit> directoryUnits = new ArrayList<>();
    private final List<JobUnitBuilder> jobUnits = new ArrayList<>();
    private final List<Mapping> lateMappings = new ArrayList<>();
    private final List<Unit> releases = new ArrayList<>();

    public ImportPlanner(LegacySnapshot legacy, TargetState target, Options options, Instant now) {
        this.legacy = legacy;
        this.target = target;
        this.options = options;
        this.now = now;
        this.directoryIdsByName = new HashMap<>(target.directoryIdsByName());
        this.takenDirectoryIds = new HashSet<>(target.directoryIds());
        this.customerIdsByEmail = new HashMap<>(target.customerIdsByEmail());
        for (LegacyTable table : LegacyTable.values()) {
            report.read(table, legacy.of(table).size());
        }
    }

    public ImportPlan plan() {
        directories();
        customers();
        Map<String, QueueDisposition> queue = queueDispositions();
        jobs(queue);
        queueRowsMergedIntoJobs(queue);
        unlinkedRows();
        releaseHeldJobs();
        checkEveryRowAccounted();

        List<Unit> units = new ArrayList<>(directoryUnits);
        customerUnits.values().forEach(builder -> units.add(builder.build()));
        jobUnits.forEach(builder -> units.add(builder.build()));
        if (!lateMappings.isEmpty()) {
            units.add(new MappingUnit(lateMappings));
        }
        units.addAll(releases);
        return new ImportPlan(units, report);
    }

    // --- directories: matched by name; created inactive only when asked ---

    private void directories() {
        for (LegacyRow row : legacy.of(LegacyTable.DIRECTORIES)) {
            String name = row.text("name");
            if (name != null) {
                legacyDirectoriesByName.putIfAbsent(Names.directoryKey(name), row);
            }
            for (String url :
                    new String[] {row.text("submission_url"), row.text("correct_submission_url"), row.text("website")
                    }) {
                if (url != null) {
                    legacyDirectoriesByUrl.putIfAbsent(urlKey(url), row);
                }
            }
            legacyDirectoriesById.put(row.key(), row);
        }
        for (LegacyRow row : legacy.of(LegacyTable.DIRECTORIES)) {
            if (remembered(row).isPresent()) {
                report.alreadyImported(LegacyTable.DIRECTORIES);
                account(row);
                continue;
            }
            String name = row.text("name");
            if (name == null) {
                reject(row, "no name");
                continue;
            }
            String nameKey = Names.directoryKey(name);
            String existing = directoryIdsByName.get(nameKey);
            if (existing != null) {
                directoryUnits.add(new DirectoryUnit(null, List.of(merged(row, "directories", existing))));
                continue;
            }
            String submissionUrl = row.firstText("submission_url", "correct_submission_url", "website");
            if (!options.createMissingDirectories()) {
                String reason = "not in AutoBolt's catalog (--create-missing-directories creates it, inactive)";
                directoryRejections.put(nameKey, reason);
                reject(row, reason);
            } else if (submissionUrl == null) {
                String reason = "not in AutoBolt's catalog, and no submission URL or website to create it with";
                directoryRejections.put(nameKey, reason);
                reject(row, reason);
            } else {
                String id = newDirectoryId(name);
                directoryIdsByName.put(nameKey, id);
                NewDirectory directory = new NewDirectory(
                        id,
                        cut(name, 200),
                        cut(row.text("website"), 2048),
                        cut(row.text("category"), 100),
                        cut(submissionUrl, 2048),
                        Math.max(
                                0,
                                Math.min(
                                        100,
                                        Optional.ofNullable(row.integer("domain_authority"))
                                                .orElse(0))));
                directoryUnits.add(new DirectoryUnit(directory, List.of(imported(row, "directories", id))));
            }
        }
    }

    /** {@code legacy-} and the name in lower-case letters, digits and dashes; a suffix when taken. */
    private String newDirectoryId(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        String base = cutId("legacy-" + (slug.isEmpty() ? "directory" : slug), 72);
        String id = base;
        for (int n = 2; takenDirectoryIds.contains(id); n++) {
            id = base + "-" + n;
        }
        takenDirectoryIds.add(id);
        return id;
    }

    private static String cutId(String id, int length) {
        String cut = id.length() <= length ? id : id.substring(0, length);
        return cut.replaceAll("-+$", "");
    }

    /** The AutoBolt directory a legacy name stands for, or why there is none. */
    private Resolved<String> directoryNamed(String name) {
        String nameKey = Names.directoryKey(name);
        String id = directoryIdsByName.get(nameKey);
        if (id != null) {
            return Resolved.of(id);
        }
        String reason = directoryRejections.get(nameKey);
        if (reason != null) {
            return Resolved.rejected("directory '" + name + "' is " + reason);
        }
        return Resolved.rejected("unknown directory '" + name + "': in neither AutoBolt's nor the legacy catalog");
    }

    private static String urlKey(String url) {
        return url.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    }

    // --- customers: one per email, compared case-insensitively ---

    private void customers() {
        List<LegacyRow> rows = new ArrayList<>(legacy.of(LegacyTable.CUSTOMERS));
        rows.sort(OLDEST_FIRST); // the earliest row of an email is the one kept
        for (LegacyRow row : rows) {
            Optional<Remembered> remembered = remembered(row);
            if (remembered.isPresent()) {
                report.alreadyImported(LegacyTable.CUSTOMERS);
                account(row);
                register(
                        row,
                        CustomerRef.accepted(UUID.fromString(remembered.get().targetKey()), row));
                continue;
            }
            Optional<String> rejection = customerRejection(row);
            if (rejection.isPresent()) {
                reject(row, rejection.get());
                register(row, CustomerRef.rejected(rejection.get()));
                continue;
            }
            String email = Names.emailKey(row.text("email"));
            UUID existing = customerIdsByEmail.get(email);
            if (existing != null) {
                customerUnit(existing, null).mappings.add(merged(row, "customers", existing.toString()));
                register(row, CustomerRef.accepted(existing, row));
                continue;
            }
            UUID id = idFor(row);
            customerIdsByEmail.put(email, id);
            Instant createdAt = Optional.ofNullable(row.firstInstant("created_at", "updated_at"))
                    .orElse(now);
            NewCustomer customer = new NewCustomer(
                    id,
                    createdAt.atZone(ZoneOffset.UTC).getYear(),
                    cut(row.text("business_name"), 200),
                    row.text("email"),
                    cut(row.text("phone"), 40),
                    cut(row.text("website"), 2048),
                    cut(row.text("address"), 300),
                    cut(row.text("city"), 100),
                    cut(row.text("state"), 100),
                    cut(row.text("zip"), 20),
                    cut(row.text("country"), 100),
                    cut(row.text("category"), 100),
                    cut(row.text("description"), 5000),
                    customerPackage(row).orElseThrow(),
                    createdAt,
                    Optional.ofNullable(row.instant("updated_at")).orElse(createdAt));
            customerUnit(id, customer).mappings.add(imported(row, "customers", id.toString()));
            register(row, CustomerRef.accepted(id, row));
        }
    }

    private Optional<String> customerRejection(LegacyRow row) {
        String email = row.text("email");
        if (isTestCustomer(row)) {
            return Optional.of("a test customer (TEST- id, created_for_testing or a @directorybolt-testing.com email)");
        }
        if (email == null) {
            return Optional.of(row.columns().get("email") == null ? "no email (null)" : "no email (empty)");
        }
        if (email.length() < 3 || email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
            return Optional.of("not an email address: '" + cut(email, 100) + "'");
        }
        if (row.text("business_name") == null) {
            return Optional.of("no business name");
        }
        if (customerPackage(row).isEmpty()) {
            return Optional.of("unknown package type '" + row.text("package_type") + "'");
        }
        return Optional.empty();
    }

    private static boolean isTestCustomer(LegacyRow row) {
        String code = row.text("customer_id");
        String email = row.text("email");
        return (code != null && code.toUpperCase(Locale.ROOT).startsWith("TEST-"))
                || "true".equals(row.jsonText("metadata", "created_for_testing"))
                || (email != null && email.toLowerCase(Locale.ROOT).endsWith("@directorybolt-testing.com"));
    }

    /** A customer's package: the legacy default was starter, so an absent one is starter. */
    private static Optional<PackageType> customerPackage(LegacyRow row) {
        String name = row.text("package_type");
        return name == null ? Optional.of(PackageType.STARTER) : LegacyVocabulary.packageNamed(name);
    }

    private CustomerUnitBuilder customerUnit(UUID id, NewCustomer create) {
        return customerUnits.computeIfAbsent(id, key -> new CustomerUnitBuilder(create));
    }

    /** Jobs name their customer by id (text or uuid) or by the customer_id code, in any case. */
    private void register(LegacyRow row, CustomerRef ref) {
        customersByReference.put("id:" + row.key(), ref);
        String code = row.text("customer_id");
        if (code != null) {
            customersByReference.putIfAbsent("code:" + code.toUpperCase(Locale.ROOT), ref);
        }
    }

    private Resolved<CustomerRef> customerOf(String... references) {
        String named = null;
        for (String reference : references) {
            if (reference == null || reference.isBlank()) {
                continue;
            }
            named = named == null ? reference.strip() : named;
            CustomerRef ref = customersByReference.get("id:" + reference.strip());
            if (ref == null) {
                ref = customersByReference.get("code:" + reference.strip().toUpperCase(Locale.ROOT));
            }
            if (ref != null) {
                return ref.rejection() == null
                        ? Resolved.of(ref)
                        : Resolved.rejected("customer '" + reference.strip() + "' is rejected: " + ref.rejection());
            }
        }
        return Resolved.rejected(
                named == null ? "no customer" : "customer '" + named + "' not found (deleted from the legacy system?)");
    }

    // --- the processing queue: the renamed, the copies, and the entries that become jobs ---

    private sealed interface QueueDisposition {}

    /** The queue row is the same work as a legacy job: renamed into jobs, or copied from one. */
    private record MergedInto(String jobKey, String why) implements QueueDisposition {}

    private record BecomesJob() implements QueueDisposition {}

    private record QueueRejected(String reason) implements QueueDisposition {}

    private Map<String, QueueDisposition> queueDispositions() {
        Map<String, LegacyRow> legacyJobs = new HashMap<>();
        legacy.of(LegacyTable.JOBS).forEach(job -> legacyJobs.put(job.key(), job));
        Map<String, List<LegacyRow>> byQueue = submissionsBy(Link.QUEUE);
        Map<String, QueueDisposition> dispositions = new LinkedHashMap<>();
        for (LegacyRow row : legacy.of(LegacyTable.PROCESSING_QUEUE)) {
            // Decided from the legacy rows alone, so every run decides the same, whatever it remembers.
            if (legacyJobs.containsKey(row.key())) {
                dispositions.put(row.key(), new MergedInto(row.key(), "renamed into jobs"));
            } else if (byQueue.containsKey(row.key())) {
                dispositions.put(row.key(), new BecomesJob());
            } else {
                dispositions.put(row.key(), copyOrNothing(row));
            }
        }
        return dispositions;
    }

    /** A queue row without directories of its own: a copy of its customer's unfinished job, or nothing. */
    private QueueDisposition copyOrNothing(LegacyRow row) {
        Resolved<CustomerRef> customer = customerOf(row.text("customer_id"));
        if (customer.value() == null) {
            return new QueueRejected(customer.reason());
        }
        Optional<LegacyRow> copied = legacy.of(LegacyTable.JOBS).stream()
                .filter(job -> LegacyVocabulary.jobStatus(job.text("status"))
                        .filter(status -> !status.isTerminal())
                        .isPresent())
                .filter(job -> customer.value()
                        .id()
                        .equals(Optional.ofNullable(customerOf(job.text("customer_uuid"), job.text("customer_id"))
                                        .value())
                                .map(CustomerRef::id)
                                .orElse(null)))
                .max(OLDEST_FIRST);
        if (copied.isPresent()) {
            return new MergedInto(copied.get().key(), "a copy of the customer's unfinished job");
        }
        return new QueueRejected("no directory known: no directory_submissions row names this queue entry, and its"
                + " customer has no unfinished legacy job it could be a copy of");
    }

    // --- jobs, from legacy jobs and from queue entries, each with its results and submissions ---

    private enum Link {
        JOB,
        QUEUE,
        CUSTOMER_ONLY
    }

    /** How a submission names its work: job_id, else submission_queue_id (= jobs.id), else queue_id. */
    private static Link linkOf(LegacyRow submission) {
        if (submission.text("job_id") != null || submission.text("submission_queue_id") != null) {
            return Link.JOB;
        }
        return submission.text("queue_id") != null ? Link.QUEUE : Link.CUSTOMER_ONLY;
    }

    private static String linkedKey(LegacyRow submission) {
        return switch (linkOf(submission)) {
            case JOB -> submission.firstText("job_id", "submission_queue_id");
            case QUEUE -> submission.text("queue_id");
            case CUSTOMER_ONLY -> null;
        };
    }

    private Map<String, List<LegacyRow>> submissionsBy(Link link) {
        Map<String, List<LegacyRow>> by = new HashMap<>();
        for (LegacyRow row : legacy.of(LegacyTable.DIRECTORY_SUBMISSIONS)) {
            if (linkOf(row) == link) {
                by.computeIfAbsent(linkedKey(row), key -> new ArrayList<>()).add(row);
            }
        }
        return by;
    }

    private Map<String, List<LegacyRow>> resultsByJob() {
        Map<String, List<LegacyRow>> by = new HashMap<>();
        for (LegacyRow row : legacy.of(LegacyTable.JOB_RESULTS)) {
            String job = row.text("job_id");
            if (job != null) {
                by.computeIfAbsent(job, key -> new ArrayList<>()).add(row);
            }
        }
        return by;
    }

    /** What became of a legacy job (or queue entry that became one), for rows that name it. */
    private record JobOutcome(UUID id, String rejection, boolean remembered, JobUnitBuilder unit) {}

    private void jobs(Map<String, QueueDisposition> queue) {
        Map<String, List<LegacyRow>> results = resultsByJob();
        Map<String, List<LegacyRow>> submissionsByJob = submissionsBy(Link.JOB);
        Map<String, List<LegacyRow>> submissionsByQueue = submissionsBy(Link.QUEUE);

        List<LegacyRow> jobs = new ArrayList<>(legacy.of(LegacyTable.JOBS));
        jobs.sort(OLDEST_FIRST);
        for (LegacyRow job : jobs) {
            List<LegacyRow> linked = new ArrayList<>();
            linked.addAll(results.getOrDefault(job.key(), List.of()));
            linked.addAll(submissionsByJob.getOrDefault(job.key(), List.of()));
            queue.forEach((queueKey, disposition) -> {
                if (disposition instanceof MergedInto merged && merged.jobKey().equals(job.key())) {
                    linked.addAll(submissionsByQueue.getOrDefault(queueKey, List.of()));
                }
            });
            job(job, linked, false);
        }
        List<LegacyRow> entries = new ArrayList<>(legacy.of(LegacyTable.PROCESSING_QUEUE));
        entries.sort(OLDEST_FIRST);
        for (LegacyRow entry : entries) {
            QueueDisposition disposition = queue.get(entry.key());
            if (disposition instanceof BecomesJob) {
                List<LegacyRow> linked = new ArrayList<>(submissionsByQueue.getOrDefault(entry.key(), List.of()));
                linked.addAll(results.getOrDefault(entry.key(), List.of()));
                linked.addAll(submissionsByJob.getOrDefault(entry.key(), List.of()));
                job(entry, linked, true);
            }
        }
    }

    private void job(LegacyRow row, List<LegacyRow> linked, boolean fromQueue) {
        linked.sort(OLDEST_FIRST);
        Optional<Remembered> remembered = remembered(row);
        if (remembered.isPresent()) {
            report.alreadyImported(row.table());
            account(row);
            UUID id = UUID.fromString(remembered.get().targetKey());
            jobOutcomes.put(keyOf(row), new JobOutcome(id, null, true, null));
            linkedToEarlierImport(linked, id);
            return;
        }
        String rejection = null;
        Resolved<CustomerRef> customer = fromQueue
                ? customerOf(row.text("customer_id"))
                : customerOf(row.text("customer_uuid"), row.text("customer_id"));
        Optional<JobStatus> status = fromQueue
                ? LegacyVocabulary.queueStatus(row.text("status"))
                : LegacyVocabulary.jobStatus(row.text("status"));
        if (customer.value() == null) {
            rejection = customer.reason();
        } else if (status.isEmpty()) {
            rejection = "unknown status '" + row.text("status") + "'";
        }
        Optional<BusinessProfile> profile =
                customer.value() == null ? Optional.empty() : profile(row, customer.value());
        if (rejection == null && profile.isEmpty()) {
            rejection = "no business name or email for the listing";
        }
        if (rejection != null) {
            rejectJobAndItsRows(row, linked, rejection);
            return;
        }
        UUID id = idFor(row);
        Map<String, List<Candidate>> byDirectory = new LinkedHashMap<>();
        for (LegacyRow result : linked) {
            Resolved<Candidate> candidate = candidate(result);
            if (candidate.value() == null) {
                reject(result, candidate.reason());
            } else {
                byDirectory
                        .computeIfAbsent(candidate.value().directoryId(), key -> new ArrayList<>())
                        .add(candidate.value());
            }
        }
        if (byDirectory.isEmpty()) {
            String reason = "no directory known: its results and submissions name no directory of AutoBolt's catalog";
            reject(row, reason);
            jobOutcomes.put(keyOf(row), new JobOutcome(id, reason, false, null));
            return;
        }
        JobUnitBuilder unit = new JobUnitBuilder();
        List<String> planned = new ArrayList<>(byDirectory.keySet());
        List<String> unfinished = new ArrayList<>();
        int submitted = 0;
        int failed = 0;
        int skipped = 0;
        for (Map.Entry<String, List<Candidate>> directory : byDirectory.entrySet()) {
            Candidate winner = directory.getValue().stream()
                    .max(Comparator.comparing((Candidate c) -> c.outcome().isPresent())
                            .thenComparing(Candidate::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(c -> c.row().key()))
                    .orElseThrow();
            String resultKey = id + ":" + directory.getKey();
            if (winner.outcome().isPresent()) {
                ResultStatus outcome = winner.outcome().get();
                switch (outcome) {
                    case SUBMITTED -> submitted++;
                    case FAILED -> failed++;
                    default -> skipped++;
                }
                unit.results.add(result(directory.getKey(), winner, row));
            } else {
                unfinished.add(directory.getKey());
            }
            for (Candidate candidate : directory.getValue()) {
                if (candidate == winner && winner.outcome().isPresent()) {
                    unit.mappings.add(imported(candidate.row(), "job_results", resultKey));
                } else if (winner.outcome().isPresent()) {
                    unit.mappings.add(merged(candidate.row(), "job_results", resultKey));
                } else {
                    // Not ended: the directory is in the job's plan, still to do, with no result row.
                    unit.mappings.add(merged(candidate.row(), "jobs", id.toString()));
                }
            }
        }
        Progress progress = Progress.of(planned.size(), submitted, failed, skipped);
        JobStatus legacyStatus = status.get();
        JobStatus ours = legacyStatus;
        boolean held = false;
        List<String> dispatch = planned;
        Instant completedAt = legacyStatus.isTerminal() ? row.instant("completed_at") : null;
        if (!legacyStatus.isTerminal()) {
            dispatch = unfinished;
            if (!options.resume()) {
                held = true;
                report.jobHeld();
            } else if (unfinished.isEmpty()) {
                ours = failed > 0 ? JobStatus.FAILED : JobStatus.COMPLETE;
                completedAt = Optional.ofNullable(row.firstInstant("completed_at", "updated_at"))
                        .orElse(now);
            } else {
                ours = JobStatus.PENDING;
            }
        }
        Instant createdAt = Optional.ofNullable(row.firstInstant("created_at", "updated_at"))
                .orElse(now);
        unit.job = new NewJob(
                id,
                customer.value().id(),
                jobPackage(row, fromQueue),
                LegacyVocabulary.priority(row.integer("priority_level")),
                ours,
                held,
                planned,
                dispatch,
                profile.get(),
                progress,
                createdAt,
                Optional.ofNullable(row.instant("updated_at")).orElse(createdAt),
                row.instant("started_at"),
                completedAt,
                clean(row.text("error_message"), 2000));
        unit.mappings.add(0, imported(row, "jobs", id.toString()));
        jobOutcomes.put(keyOf(row), new JobOutcome(id, null, false, unit));
        jobUnits.add(unit);
    }

    private void rejectJobAndItsRows(LegacyRow job, List<LegacyRow> linked, String reason) {
        reject(job, reason);
        jobOutcomes.put(keyOf(job), new JobOutcome(null, reason, false, null));
        for (LegacyRow row : linked) {
            reject(row, "its job " + job.key() + " is rejected: " + reason);
        }
    }

    /** Rows of a job an earlier run imported: imported with it then, or new since (and then not importable). */
    private void linkedToEarlierImport(List<LegacyRow> linked, UUID jobId) {
        for (LegacyRow row : linked) {
            if (remembered(row).isPresent()) {
                report.alreadyImported(row.table());
                account(row);
            } else {
                // The same reason as the run that imported the job, when the row is still unimportable.
                Resolved<Candidate> candidate = candidate(row);
                reject(
                        row,
                        candidate.value() == null
                                ? candidate.reason()
                                : "its job was imported by an earlier run (as " + jobId + ") without this row");
            }
        }
    }

    /** A result or submission row as one directory's outcome. */
    private record Candidate(
            LegacyRow row, String directoryId, Optional<ResultStatus> outcome, String rawStatus, Instant at) {}

    private Resolved<Candidate> candidate(LegacyRow row) {
        if (remembered(row).isPresent()) {
            throw new IllegalStateException(row + " was imported before its job was");
        }
        Resolved<String> name = directoryNameOf(row);
        if (name.value() == null) {
            return Resolved.rejected(name.reason());
        }
        if (Names.directoryKey(name.value()).equals(COMPLETION_LOG)) {
            return Resolved.rejected("a completion summary (COMPLETION_LOG), not a directory");
        }
        String raw = statusOf(row);
        Optional<Optional<ResultStatus>> outcome = LegacyVocabulary.outcome(raw);
        if (outcome.isEmpty()) {
            return Resolved.rejected("unknown status '" + raw + "'");
        }
        Resolved<String> directory = directoryNamed(name.value());
        if (directory.value() == null) {
            return Resolved.rejected(directory.reason());
        }
        return Resolved.of(new Candidate(
                row,
                directory.value(),
                outcome.get(),
                raw,
                row.firstInstant("updated_at", "submitted_at", "approved_at", "failed_at", "created_at")));
    }

    /**
     * A row's status. Rows carry {@code status}, {@code submission_status} or both (one of them often
     * just its default): an ended value wins over a not-ended one, and {@code status}, the column the
     * later writers used, over {@code submission_status}.
     */
    private static String statusOf(LegacyRow row) {
        String status = row.text("status");
        String submissionStatus = row.text("submission_status");
        if (status == null) {
            return submissionStatus;
        }
        if (submissionStatus == null) {
            return status;
        }
        boolean statusEnded = LegacyVocabulary.outcome(status).flatMap(o -> o).isPresent();
        boolean submissionEnded =
                LegacyVocabulary.outcome(submissionStatus).flatMap(o -> o).isPresent();
        return !statusEnded && submissionEnded ? submissionStatus : status;
    }

    /** The column, else {@code listing_data.directory_name}, else the legacy catalog by URL or id. */
    private Resolved<String> directoryNameOf(LegacyRow row) {
        String name = row.firstText("directory_name");
        if (name == null) {
            name = row.jsonText("listing_data", "directory_name");
        }
        if (name == null && row.text("directory_url") != null) {
            name = Optional.ofNullable(legacyDirectoriesByUrl.get(urlKey(row.text("directory_url"))))
                    .map(directory -> directory.text("name"))
                    .orElse(null);
        }
        if (name == null && row.firstText("directory_id") != null) {
            name = Optional.ofNullable(legacyDirectoriesById.get(row.text("directory_id")))
                    .map(directory -> directory.text("name"))
                    .orElse(null);
        }
        if (name == null) {
            return Resolved.rejected("no directory name, and neither its directory_url nor its directory_id is in the"
                    + " legacy catalog");
        }
        return Resolved.of(name);
    }

    private NewResult result(String directoryId, Candidate winner, LegacyRow job) {
        LegacyRow row = winner.row();
        ResultStatus status = winner.outcome().orElseThrow();
        Instant updatedAt = Optional.ofNullable(winner.at())
                .or(() -> Optional.ofNullable(job.firstInstant("updated_at", "created_at")))
                .orElse(now);
        String listingUrl = row.text("listing_url");
        ObjectNode evidence = JSON.createObjectNode();
        evidence.put("legacyTable", row.table().tableName());
        evidence.put("legacyKey", row.key());
        evidence.put("legacyStatus", winner.rawStatus());
        row.json("response_log").ifPresent(log -> evidence.set("responseLog", log));
        Integer seconds = row.integer("processing_time_seconds");
        return new NewResult(
                directoryId,
                status,
                clean(row.text("worker_id"), 200),
                status == ResultStatus.SUBMITTED
                        ? Optional.ofNullable(row.firstInstant("submitted_at", "approved_at"))
                                .orElse(updatedAt)
                        : null,
                updatedAt,
                listingUrl != null && ListingUrls.isAcceptable(listingUrl) ? listingUrl : null,
                status == ResultStatus.SUBMITTED ? null : clean(winner.rawStatus(), 100),
                status == ResultStatus.SUBMITTED
                        ? null
                        : clean(row.firstText("rejection_reason", "error_message"), 2000),
                JSON.writeValueAsString(evidence),
                seconds == null || seconds < 0 ? null : seconds * 1000L);
    }

    /**
     * The listing as the job submitted it: the job's own business fields (the business_* family, then
     * the plain one), else its customer's.
     */
    private Optional<BusinessProfile> profile(LegacyRow job, CustomerRef customer) {
        LegacyRow c = customer.row();
        String email =
                firstEmail(job.text("business_email"), job.text("email"), job.text("customer_email"), c.text("email"));
        String name = firstOf(job.text("business_name"), job.text("customer_name"), c.text("business_name"));
        if (email == null || name == null) {
            return Optional.empty();
        }
        return Optional.of(new BusinessProfile(
                cut(name, 200),
                email,
                cut(firstOf(job.text("business_phone"), job.text("phone"), c.text("phone")), 40),
                cut(firstOf(job.text("business_website"), job.text("website"), c.text("website")), 2048),
                cut(firstOf(job.text("business_address"), job.text("address"), c.text("address")), 300),
                cut(firstOf(job.text("business_city"), job.text("city"), c.text("city")), 100),
                cut(firstOf(job.text("business_state"), job.text("state"), c.text("state")), 100),
                cut(firstOf(job.text("business_zip"), job.text("zip"), c.text("zip")), 20),
                cut(c.text("country"), 100),
                cut(firstOf(job.text("business_category"), job.text("category"), c.text("category")), 100),
                cut(firstOf(job.text("business_description"), job.text("description"), c.text("description")), 5000)));
    }

    private static String firstEmail(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && candidate.matches("[^@\\s]+@[^@\\s]+")) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * package_size first (the worker's own choice: 50 starter … 500 enterprise), then
     * metadata.package_type, then the package_type column (which a 2025-10-07 migration set to starter
     * on every older row), else starter.
     */
    private static PackageType jobPackage(LegacyRow row, boolean fromQueue) {
        if (fromQueue) {
            return LegacyVocabulary.packageNamed(row.text("package_type")).orElse(PackageType.STARTER);
        }
        return LegacyVocabulary.packageOfSize(row.integer("package_size"))
                .or(() -> LegacyVocabulary.packageNamed(row.jsonText("metadata", "package_type")))
                .or(() -> LegacyVocabulary.packageNamed(row.text("package_type")))
                .orElse(PackageType.STARTER);
    }

    private void queueRowsMergedIntoJobs(Map<String, QueueDisposition> queue) {
        for (LegacyRow row : legacy.of(LegacyTable.PROCESSING_QUEUE)) {
            QueueDisposition disposition = queue.get(row.key());
            if (!(disposition instanceof BecomesJob) && remembered(row).isPresent()) {
                report.alreadyImported(LegacyTable.PROCESSING_QUEUE);
                account(row);
            } else if (disposition instanceof QueueRejected rejected) {
                reject(row, rejected.reason());
                for (LegacyRow submission : submissionsBy(Link.QUEUE).getOrDefault(row.key(), List.of())) {
                    reject(submission, "its queue entry " + row.key() + " is rejected");
                }
            } else if (disposition instanceof MergedInto merged) {
                JobOutcome job = jobOutcomes.get(new LegacyKey(LegacyTable.JOBS, merged.jobKey()));
                if (job.rejection() != null) {
                    reject(row, merged.why() + " " + merged.jobKey() + ", which is rejected: " + job.rejection());
                } else if (job.remembered()) {
                    lateMappings.add(merged(row, "jobs", job.id().toString()));
                } else {
                    job.unit().mappings.add(merged(row, "jobs", job.id().toString()));
                }
            }
        }
    }

    /** Results and submissions that name no job or queue entry the import knows. */
    private void unlinkedRows() {
        for (LegacyRow row : legacy.of(LegacyTable.JOB_RESULTS)) {
            if (!accounted.contains(keyOf(row))) {
                String job = row.text("job_id");
                reject(row, job == null ? "no job_id" : "job " + job + " not found (deleted from the legacy system?)");
            }
        }
        for (LegacyRow row : legacy.of(LegacyTable.DIRECTORY_SUBMISSIONS)) {
            if (!accounted.contains(keyOf(row))) {
                reject(
                        row,
                        switch (linkOf(row)) {
                            case CUSTOMER_ONLY ->
                                "linked to a customer only: no job_id, submission_queue_id or queue_id";
                            case JOB -> "job " + linkedKey(row) + " not found (deleted from the legacy system?)";
                            case QUEUE -> "queue entry " + linkedKey(row) + " not found";
                        });
            }
        }
    }

    // --- --resume: held jobs of earlier runs go to the dispatcher ---

    private void releaseHeldJobs() {
        if (!options.resume()) {
            return;
        }
        for (HeldJob job : target.heldJobs()) {
            List<String> unfinished = job.plannedDirectoryIds().stream()
                    .filter(directory -> !job.endedResults().containsKey(directory))
                    .toList();
            JobStatus status;
            if (!unfinished.isEmpty()) {
                status = JobStatus.PENDING;
            } else if (job.endedResults().containsValue(ResultStatus.FAILED.value())) {
                status = JobStatus.FAILED;
            } else {
                status = JobStatus.COMPLETE;
            }
            releases.add(new Release(job.id(), status, unfinished));
            report.jobReleased();
        }
    }

    private void checkEveryRowAccounted() {
        for (LegacyTable table : LegacyTable.values()) {
            for (LegacyRow row : legacy.of(table)) {
                if (!accounted.contains(keyOf(row))) {
                    throw new IllegalStateException("the plan says nothing about " + row);
                }
            }
        }
    }

    // --- bookkeeping ---

    private Optional<Remembered> remembered(LegacyRow row) {
        return Optional.ofNullable(target.remembered().get(keyOf(row)));
    }

    private static LegacyKey keyOf(LegacyRow row) {
        return new LegacyKey(row.table(), row.key());
    }

    private void account(LegacyRow row) {
        if (!accounted.add(keyOf(row))) {
            throw new IllegalStateException(row + " was planned twice");
        }
    }

    private void reject(LegacyRow row, String reason) {
        account(row);
        report.rejected(row.table(), row.key(), reason);
    }

    private Mapping imported(LegacyRow row, String targetTable, String targetKey) {
        account(row);
        report.imported(row.table());
        return new Mapping(row, "imported", targetTable, targetKey);
    }

    private Mapping merged(LegacyRow row, String targetTable, String targetKey) {
        account(row);
        report.merged(row.table());
        return new Mapping(row, "merged", targetTable, targetKey);
    }

    /** The same legacy row always gets the same AutoBolt id, so a re-planned row cannot become two. */
    private static UUID idFor(LegacyRow row) {
        return UUID.nameUUIDFromBytes(
                ("legacy-import:" + row.table().tableName() + ":" + row.key()).getBytes(StandardCharsets.UTF_8));
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Cut to a column's limit; the whole legacy value stays in legacy_import_rows.legacy_row. */
    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    private static String clean(String value, int length) {
        return value == null ? null : EventText.clean(value, length);
    }

    /** A customer as the jobs see it: the AutoBolt customer and the legacy row they named, or why not. */
    private record CustomerRef(UUID id, LegacyRow row, String rejection) {
        static CustomerRef accepted(UUID id, LegacyRow row) {
            return new CustomerRef(id, row, null);
        }

        static CustomerRef rejected(String reason) {
            return new CustomerRef(null, null, reason);
        }
    }

    /** A value, or why there is none. */
    private record Resolved<T>(T value, String reason) {
        static <T> Resolved<T> of(T value) {
            return new Resolved<>(value, null);
        }

        static <T> Resolved<T> rejected(String reason) {
            return new Resolved<>(null, reason);
        }
    }

    private static final class CustomerUnitBuilder {
        private final NewCustomer create;
        private final List<Mapping> mappings = new ArrayList<>();

        CustomerUnitBuilder(NewCustomer create) {
            this.create = create;
        }

        CustomerUnit build() {
            return new CustomerUnit(create, mappings);
        }
    }

    private static final class JobUnitBuilder {
        private NewJob job;
        private final List<NewResult> results = new ArrayList<>();
        private final List<Mapping> mappings = new ArrayList<>();

        JobUnit build() {
            return new JobUnit(job, results, mappings);
        }
    }
}
