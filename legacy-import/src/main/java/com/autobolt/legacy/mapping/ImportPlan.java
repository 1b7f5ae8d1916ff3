package com.autobolt.legacy.mapping;

import com.autobolt.legacy.report.ImportReport;
import com.autobolt.legacy.source.LegacyRow;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.JobStatus;
import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Progress;
import com.autobolt.schemas.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything one run writes, in the order it is written, as units: each unit is written whole in one
 * transaction (with the legacy rows it stands for), so an interrupted run leaves whole units behind and
 * the next run plans only what is missing.
 */
public record ImportPlan(List<Unit> units, ImportReport report) {

    public ImportPlan {
        units = List.copyOf(units);
    }

    /** Rows written together. */
    public sealed interface Unit permits DirectoryUnit, CustomerUnit, JobUnit, MappingUnit, Release {}

    /**
     * One legacy row remembered in {@code legacy_import_rows}.
     *
     * @param outcome {@code imported} or {@code merged}
     */
    public record Mapping(LegacyRow row, String outcome, String targetTable, String targetKey) {}

    /** A directory created inactive (with {@code --create-missing-directories}), or only mappings onto one. */
    public record DirectoryUnit(NewDirectory create, List<Mapping> mappings) implements Unit {}

    public record NewDirectory(
            String id, String name, String website, String category, String submissionUrl, int domainAuthority) {}

    /** A customer created from its earliest legacy row, or only legacy rows merged into an existing one. */
    public record CustomerUnit(NewCustomer create, List<Mapping> mappings) implements Unit {}

    public record NewCustomer(
            UUID id,
            int referenceYear,
            String businessName,
            String email,
            String phone,
            String website,
            String address,
            String city,
            String state,
            String zip,
            String country,
            String category,
            String description,
            PackageType packageType,
            Instant createdAt,
            Instant updatedAt) {}

    /** A job with its result rows. */
    public record JobUnit(NewJob job, List<NewResult> results, List<Mapping> mappings) implements Unit {}

    public record NewJob(
            UUID id,
            UUID customerId,
            PackageType packageType,
            int priority,
            JobStatus status,
            boolean dispatchHeld,
            List<String> plannedDirectoryIds,
            List<String> dispatchDirectoryIds,
            BusinessProfile profile,
            Progress progress,
            Instant createdAt,
            Instant updatedAt,
            Instant startedAt,
            Instant completedAt,
            String errorMessage) {}

    /** A directory's ended outcome (attempt 1). */
    public record NewResult(
            String directoryId,
            ResultStatus status,
            String workerId,
            Instant submittedAt,
            Instant updatedAt,
            String listingUrl,
            String errorCode,
            String errorMessage,
            String evidenceJson,
            Long durationMs) {}

    /** Legacy rows merged into AutoBolt rows an earlier run wrote. */
    public record MappingUnit(List<Mapping> mappings) implements Unit {}

    /**
     * A held job released by {@code --resume}: to {@code pending} with the directories still to do, or,
     * when none is left, ended as the vocabulary says ({@code failed} if any directory failed).
     */
    public record Release(UUID jobId, JobStatus status, List<String> dispatchDirectoryIds) implements Unit {}
}
