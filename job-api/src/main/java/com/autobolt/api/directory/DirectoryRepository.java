package com.autobolt.api.directory;

import com.autobolt.schemas.SubmissionMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DirectoryRepository {

    private static final String COLUMNS = "id, name, website, category, submission_url, submission_method,"
            + " field_mapping::text AS field_mapping, domain_authority, active, min_interval_ms, requires_login,"
            + " requires_captcha, created_at, updated_at";
    /** The columns a request sets, on insert and on update alike. */
    private static final String WRITTEN = "name, website, category, submission_url, submission_method, field_mapping,"
            + " domain_authority, active, min_interval_ms, requires_login, requires_captcha";

    private static final String FILTER = " WHERE (CAST(:active AS boolean) IS NULL OR active = :active)";
    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DirectoryRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean exists(String id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM directories WHERE id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
    }

    void insert(String id, DirectoryRequest d) {
        jdbc.sql("INSERT INTO directories (" + WRITTEN + ", id) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")
                .params(writtenValues(d, id))
                .update();
    }

    boolean update(String id, DirectoryRequest d) {
        return jdbc.sql("UPDATE directories SET (" + WRITTEN + ", updated_at) = (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?,"
                                + " ?, now()) WHERE id = ?")
                        .params(writtenValues(d, id))
                        .update()
                == 1;
    }

    /** The values of {@link #WRITTEN}, in its order, then the id. */
    private Object[] writtenValues(DirectoryRequest d, String id) {
        return new Object[] {
            d.name(),
            d.website(),
            d.category(),
            d.submissionUrl(),
            d.submissionMethod().value(),
            json.writeValueAsString(d.fieldMappingOrEmpty()),
            d.domainAuthority(),
            d.activeOrDefault(),
            d.minIntervalMsOrDefault(),
            Boolean.TRUE.equals(d.requiresLogin()),
            Boolean.TRUE.equals(d.requiresCaptcha()),
            id
        };
    }

    Optional<DirectoryResponse> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM directories WHERE id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    List<DirectoryResponse> list(Boolean active, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM directories" + FILTER
                        + " ORDER BY domain_authority DESC, id LIMIT :limit OFFSET :offset")
                .param("active", active)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::map)
                .list();
    }

    long count(Boolean active) {
        return jdbc.sql("SELECT count(*) FROM directories" + FILTER)
                .param("active", active)
                .query(Long.class)
                .single();
    }

    /** Active directories, matching category first, then best domain authority, then id. */
    List<String> planCandidates(String category, int limit) {
        return jdbc.sql("SELECT id FROM directories WHERE active"
                        + " ORDER BY (category IS NOT NULL AND lower(category) = lower(CAST(:category AS text))) DESC,"
                        + " domain_authority DESC, id LIMIT :limit")
                .param("category", category)
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    long countActive() {
        return jdbc.sql("SELECT count(*) FROM directories WHERE active")
                .query(Long.class)
                .single();
    }

    List<String> activeAmong(Collection<String> ids) {
        return jdbc.sql("SELECT id FROM directories WHERE active AND id = ANY (:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    List<String> existingAmong(Collection<String> ids) {
        return jdbc.sql("SELECT id FROM directories WHERE id = ANY (:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private DirectoryResponse map(ResultSet rs, int row) throws SQLException {
        return new DirectoryResponse(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("website"),
                rs.getString("category"),
                rs.getString("submission_url"),
                SubmissionMethod.fromValue(rs.getString("submission_method")),
                json.readValue(rs.getString("field_mapping"), MAPPING),
                rs.getInt("domain_authority"),
                rs.getBoolean("active"),
                rs.getLong("min_interval_ms"),
                rs.getBoolean("requires_login"),
                rs.getBoolean("requires_captcha"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
