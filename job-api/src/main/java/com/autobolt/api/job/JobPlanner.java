package com.autobolt.api.job;

import com.autobolt.api.directory.DirectoryCatalog;
import com.autobolt.api.error.ApiException;
import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.PackageType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** Picks the directories a new job submits to; refuses (422) a plan the package cannot be served by. */
@Component
class JobPlanner {

    private final DirectoryCatalog catalog;

    JobPlanner(DirectoryCatalog catalog) {
        this.catalog = catalog;
    }

    List<String> plan(CreateJobRequest request, BusinessProfile profile) {
        return plan(request, profile, new HashMap<>());
    }

    /**
     * As {@link #plan(CreateJobRequest, BusinessProfile)}, reusing the catalog's plans already made for
     * other jobs of one batch ({@code catalogPlans}, filled here): jobs of one package for customers of
     * one category get the same directories, so a batch asks the catalog once per such pair.
     */
    List<String> plan(CreateJobRequest request, BusinessProfile profile, Map<String, List<String>> catalogPlans) {
        PackageType pack = request.packageType();
        if (request.directoryIds() != null) {
            return explicit(pack, request.directoryIds());
        }
        String category = profile.category();
        return catalogPlans.computeIfAbsent(pack.value() + "|" + category, samePlan -> fromCatalog(pack, category));
    }

    private List<String> fromCatalog(PackageType pack, String category) {
        List<String> planned = catalog.plan(category, pack.directoryCount());
        if (planned.size() < pack.directoryCount()) {
            throw ApiException.unprocessable("the " + pack.value() + " package needs " + pack.directoryCount()
                    + " active directories, but only " + catalog.countActive() + " are available");
        }
        return planned;
    }

    private List<String> explicit(PackageType pack, List<String> ids) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new TreeSet<>();
        ids.forEach(id -> {
            if (!seen.add(id)) {
                repeated.add(id);
            }
        });
        if (!repeated.isEmpty()) {
            throw ApiException.unprocessable("directoryIds lists these more than once: " + repeated);
        }
        if (ids.size() != pack.directoryCount()) {
            throw ApiException.unprocessable("the " + pack.value() + " package needs exactly " + pack.directoryCount()
                    + " directories, but directoryIds lists " + ids.size());
        }
        Set<String> unknown = new TreeSet<>(catalog.unknown(ids));
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("these directories do not exist: " + unknown);
        }
        Set<String> inactive = new TreeSet<>(catalog.inactive(ids));
        if (!inactive.isEmpty()) {
            throw ApiException.unprocessable("these directories are not active: " + inactive);
        }
        return List.copyOf(ids);
    }
}
