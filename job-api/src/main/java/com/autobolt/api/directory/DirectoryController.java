package com.autobolt.api.directory;

import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.groups.Default;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/directories")
@Tag(name = "directories")
class DirectoryController {

    private final DirectoryService directories;

    DirectoryController(DirectoryService directories) {
        this.directories = directories;
    }

    @GetMapping
    @Operation(summary = "The catalog, best domain authority first (viewer, staff, admin)")
    PageResponse<DirectoryResponse> list(
            @RequestParam(required = false) Boolean active,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
        return directories.list(active, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One directory (viewer, staff, admin)")
    DirectoryResponse get(@PathVariable String id) {
        return directories.get(id);
    }

    @PostMapping
    @Operation(summary = "Add a directory (admin); an existing id is 409")
    ResponseEntity<DirectoryResponse> create(
            @Validated({Default.class, DirectoryRequest.OnCreate.class}) @RequestBody DirectoryRequest request) {
        return ResponseEntity.created(URI.create("/api/directories/" + request.id()))
                .body(directories.create(request));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a directory (admin); \"active\": false retires it, directories are never deleted")
    DirectoryResponse update(@PathVariable String id, @Valid @RequestBody DirectoryRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "the body's id " + request.id() + " differs from the path's " + id);
        }
        return directories.replace(id, request);
    }
}
