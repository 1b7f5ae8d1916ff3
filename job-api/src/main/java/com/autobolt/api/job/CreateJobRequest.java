package com.autobolt.api.job;

import com.autobolt.schemas.PackageType;
import com.autobolt.schemas.Priority;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A job to create. Without {@code directoryIds} the directories are planned from the catalog; with
 * them, exactly those (as many as the package holds) are used, in the order given.
 */
record CreateJobRequest(
        @NotNull UUID customerId,
        @NotNull PackageType packageType,
        @Min(Priority.HIGHEST) @Max(Priority.LOWEST) Integer priority,

        @Size(min = 1, max = 500)
        List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,79}", message = "must be a directory id") String>
                directoryIds,

        // The creator's own reference, e.g. a storefront's order id: unique per customer.
        @Size(min = 1, max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String externalRef,

        // A JSON object of at most 4 KiB, checked by JobMetadata.
        @Schema(
                description = "the creator's own JSON object, at most 4 KiB; kept and returned as given",
                example = "{\"campaign\": \"spring-sale\"}")
        JsonNode metadata) {

    int priorityOrDefault() {
        return priority == null ? Priority.DEFAULT : priority;
    }

    /** What makes two requests "the same body" for idempotency: their meaning, not their bytes. */
    String fingerprint() {
        String canonical = customerId + "|" + packageType.value() + "|" + priorityOrDefault() + "|"
                + (directoryIds == null ? "-" : String.join(",", directoryIds));
        if (externalRef != null || JobMetadata.validated(metadata) != null) {
            // Only then: keys stored before jobs had either keep matching their requests.
            canonical += "|" + (externalRef == null ? "-" : externalRef) + "|" + JobMetadata.canonical(metadata);
        }
        return sha256(canonical);
    }

    /** The text's SHA-256, as lower-case hex: how fingerprints are stored. */
    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
