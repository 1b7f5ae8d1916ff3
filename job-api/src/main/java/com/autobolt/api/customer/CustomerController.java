package com.autobolt.api.customer;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/customers")
@Tag(name = "customers")
class CustomerController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final CustomerService customers;

    CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    @PostMapping
    @Operation(summary = "Create a customer (staff, admin); a duplicate email is 409")
    ResponseEntity<CustomerResponse> create(@Valid @RequestBody CreateCustomerRequest request) {
        CustomerResponse created = customers.create(request);
        return ResponseEntity.created(URI.create("/api/customers/" + created.id()))
                .eTag(created.etag())
                .body(created);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a customer (viewer, staff, admin); its ETag is the version an edit sends back")
    ResponseEntity<CustomerResponse> get(@PathVariable UUID id) {
        CustomerResponse customer = customers.get(id);
        return ResponseEntity.ok().eTag(customer.etag()).body(customer);
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Edit a customer's details (staff, admin): a JSON merge patch; If-Match with the ETag is"
                    + " required (428 without, 412 when the customer changed since). Jobs already created keep"
                    + " the profile they were created with.")
    ResponseEntity<CustomerResponse> edit(
            @PathVariable UUID id,
            @Parameter(description = "the ETag of the version being edited, e.g. \"3\"")
                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                    String ifMatch,
            @RequestBody JsonNode patch) {
        CustomerResponse edited = customers.edit(id, versionIn(ifMatch), CustomerPatch.of(patch));
        return ResponseEntity.ok().eTag(edited.etag()).body(edited);
    }

    /**
     * The version a strong ETag names. Anything else (a weak or unknown tag, {@code *}, a list) can
     * never be this customer's current version: 412, as a stale one.
     */
    private static long versionIn(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiException.preconditionRequired(
                    "send If-Match with the ETag of the version you edit (from GET /api/customers/{id})");
        }
        String tag = ifMatch.strip();
        if (tag.length() >= 3 && tag.length() <= 21 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException notAVersion) {
                // falls through to 412
            }
        }
        throw ApiException.preconditionFailed(
                "If-Match must be the customer's current ETag, a quoted version such as \"3\"");
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Who changed the customer through the API, what and when, oldest first (viewer, staff, admin)")
    List<AuditTrail.Entry> history(@PathVariable UUID id) {
        return customers.history(id);
    }

    @GetMapping
    @Operation(summary = "Search customers by name, email or reference (viewer, staff, admin)")
    PageResponse<CustomerResponse> search(
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return customers.search(q, page, size);
    }
}
