package com.autobolt.api.directory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What job planning asks of the catalog. Plain SQL through {@code JdbcClient}, not the JPA
 * aggregate: it runs on every job creation (the API's hot path), reads ids only, and one query each
 * costs less than loading entities.
 */
@Component
public class DirectoryCatalog {

    private final JdbcClient jdbc;

    DirectoryCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code count} active directories: matching {@code category} first, then best domain authority. */
    public List<String> plan(String category, int count) {
        return jdbc.sql("SELECT id FROM directories WHERE active"
                        + " ORDER BY (category IS NOT NULL AND lower(category) = lower(CAST(:category AS text))) DESC,"
                        + " domain_authority DESC, id LIMIT :limit")
                .param("category", category)
                .param("limit", count)
                .query(String.class)
                .list();
    }

    public long countActive() {
        return jdbc.sql("SELECT count(*) FROM directories WHERE active")
                .query(Long.class)
                .single();
    }

    /** Of {@code ids}, those that do not exist. */
    public Set<String> unknown(Collection<String> ids) {
        Set<String> missing = new HashSet<>(ids);
        existingAmong(ids).forEach(missing::remove);
        return missing;
    }

    /** Of {@code ids}, those that exist but are not active. */
    public Set<String> inactive(Collection<String> ids) {
        Set<String> inactive = new HashSet<>(existingAmong(ids));
        jdbc.sql("SELECT id FROM directories WHERE active AND id = ANY (:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(String.class)
                .list()
                .forEach(inactive::remove);
        return inactive;
    }

    private List<String> existingAmong(Collection<String> ids) {
        return jdbc.sql("SELECT id FROM directories WHERE id = ANY (:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(String.class)
                .list();
    }
}
