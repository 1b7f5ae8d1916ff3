package com.autobolt.api.directory;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import java.util.Map;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, replacing and reading catalog entries. */
@Service
class DirectoryService {

    private static final Sort BEST_FIRST = Sort.by(Sort.Order.desc("domainAuthority"), Sort.Order.asc("id"));

    private final DirectoryRepository directories;
    private final AuditTrail audit;

    DirectoryService(DirectoryRepository directories, AuditTrail audit) {
        this.directories = directories;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    PageResponse<DirectoryResponse> list(Boolean active, int page, int size) {
        PageRequest request = PageRequest.of(page, size, BEST_FIRST);
        Page<Directory> found =
                active == null ? directories.findAll(request) : directories.findAllByActive(active, request);
        return PageResponse.of(found.map(Directory::toResponse).getContent(), page, size, found.getTotalElements());
    }

    @Transactional(readOnly = true)
    DirectoryResponse get(String id) {
        return directories.findById(id).map(Directory::toResponse).orElseThrow(() -> notFound(id));
    }

    @Transactional
    DirectoryResponse create(DirectoryRequest request) {
        // A concurrent create of the same id is still refused by the primary key (→ 409).
        if (directories.existsById(request.id())) {
            throw ApiException.conflict("a directory with id " + request.id() + " already exists");
        }
        DirectoryResponse created =
                directories.saveAndFlush(new Directory(request.id(), request)).toResponse();
        audit.record("directory.created", "directory", request.id(), Map.of("active", created.active()));
        return created;
    }

    /** Replaces the directory; a concurrent replacement makes one of the two fail (version, → 409). */
    @Transactional
    DirectoryResponse replace(String id, DirectoryRequest request) {
        Directory directory = directories.findById(id).orElseThrow(() -> notFound(id));
        directory.apply(request);
        DirectoryResponse replaced = directories.saveAndFlush(directory).toResponse();
        audit.record("directory.replaced", "directory", id, Map.of("active", replaced.active()));
        return replaced;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no directory with id " + id);
    }
}
