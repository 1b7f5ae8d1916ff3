package com.autobolt.api.directory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** What job planning asks of the catalog. */
@Component
public class DirectoryCatalog {

    private final DirectoryRepository directories;

    DirectoryCatalog(DirectoryRepository directories) {
        this.directories = directories;
    }

    /** Up to {@code count} active directories: matching {@code category} first, then best domain authority. */
    public List<String> plan(String category, int count) {
        return directories.planCandidates(category, count);
    }

    public long countActive() {
        return directories.countActive();
    }

    /** Of {@code ids}, those that do not exist. */
    public Set<String> unknown(Collection<String> ids) {
        Set<String> missing = new HashSet<>(ids);
        directories.existingAmong(ids).forEach(missing::remove);
        return missing;
    }

    /** Of {@code ids}, those that exist but are not active. */
    public Set<String> inactive(Collection<String> ids) {
        Set<String> inactive = new HashSet<>(directories.existingAmong(ids));
        directories.activeAmong(ids).forEach(inactive::remove);
        return inactive;
    }
}
