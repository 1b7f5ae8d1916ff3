package com.autobolt.api.share;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Staff make, list and revoke the links that let a customer watch a job's progress. */
@RestController
@RequestMapping("/api/jobs/{id}")
@Tag(name = "sharing")
class ShareController {

    /** How long the link lives: 1–365 days, 30 when not given. */
    record ShareRequest(@Min(1) @Max(ShareLinks.MAX_DAYS) Integer expiresInDays) {}

    private final ShareLinks links;

    ShareController(ShareLinks links) {
        this.links = links;
    }

    @PostMapping("/share")
    @Operation(
            summary = "Make a link to the job's progress page for its customer (staff, admin): the token is in"
                    + " this answer only; the page shows the job's progress and each directory's outcome, nothing"
                    + " else, until the link expires or is revoked")
    ResponseEntity<ShareLinks.Created> share(
            @PathVariable UUID id, @Valid @RequestBody(required = false) ShareRequest request) {
        ShareLinks.Created created = links.create(id, request == null ? null : request.expiresInDays());
        return ResponseEntity.created(URI.create(created.path())).body(created);
    }

    @GetMapping("/shares")
    @Operation(summary = "The job's share links, without their tokens (staff, admin)")
    List<ShareLinks.Link> list(@PathVariable UUID id) {
        return links.links(id);
    }

    @DeleteMapping("/shares/{shareId}")
    @Operation(summary = "Revoke a share link at once (staff, admin); revoking twice is harmless")
    ShareLinks.Link revoke(@PathVariable UUID id, @PathVariable UUID shareId) {
        return links.revoke(id, shareId);
    }
}
