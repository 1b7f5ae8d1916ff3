package com.autobolt.api.directory;

import com.autobolt.schemas.ExecutionMode;
import com.autobolt.schemas.SubmissionMethod;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A directory of the catalog: the aggregate admins create and replace through the API. */
@Entity
@Table(name = "directories")
class Directory {

    @Id
    private String id;

    private String name;
    private String website;
    private String category;

    @Column(name = "submission_url")
    private String submissionUrl;

    @Column(name = "submission_method")
    @Convert(converter = MethodColumn.class)
    private SubmissionMethod submissionMethod;

    @Column(name = "field_mapping")
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> fieldMapping;

    @Column(name = "domain_authority")
    private int domainAuthority;

    private boolean active;

    @Column(name = "min_interval_ms")
    private long minIntervalMs;

    @Column(name = "requires_login")
    private boolean requiresLogin;

    @Column(name = "requires_captcha")
    private boolean requiresCaptcha;

    @Column(name = "execution_mode")
    @Convert(converter = ModeColumn.class)
    private ExecutionMode executionMode;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private Long version;

    protected Directory() {}

    Directory(String id, DirectoryRequest request) {
        this.id = id;
        this.createdAt = now();
        apply(request);
    }

    /** Replaces everything a request sets (PUT semantics: what it leaves out takes its default). */
    void apply(DirectoryRequest request) {
        name = request.name();
        website = request.website();
        category = request.category();
        submissionUrl = request.submissionUrl();
        submissionMethod = request.submissionMethod();
        fieldMapping = Map.copyOf(request.fieldMappingOrEmpty());
        domainAuthority = request.domainAuthority();
        active = request.activeOrDefault();
        minIntervalMs = request.minIntervalMsOrDefault();
        requiresLogin = Boolean.TRUE.equals(request.requiresLogin());
        requiresCaptcha = Boolean.TRUE.equals(request.requiresCaptcha());
        executionMode = request.executionMode() != null
                ? request.executionMode()
                : ExecutionMode.defaultFor(requiresLogin, requiresCaptcha);
        updatedAt = now();
    }

    DirectoryResponse toResponse() {
        return new DirectoryResponse(
                id,
                name,
                website,
                category,
                submissionUrl,
                submissionMethod,
                Map.copyOf(fieldMapping),
                domainAuthority,
                active,
                minIntervalMs,
                requiresLogin,
                requiresCaptcha,
                executionMode,
                createdAt,
                updatedAt);
    }

    // PostgreSQL keeps microseconds: the response then says exactly what was stored.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The method as the column's CHECK spells it ({@code form}, {@code json}). */
    @Converter
    static final class MethodColumn implements AttributeConverter<SubmissionMethod, String> {
        @Override
        public String convertToDatabaseColumn(SubmissionMethod method) {
            return method == null ? null : method.value();
        }

        @Override
        public SubmissionMethod convertToEntityAttribute(String value) {
            return value == null ? null : SubmissionMethod.fromValue(value);
        }
    }

    /** The mode as the column's CHECK spells it ({@code automatic}, {@code external}). */
    @Converter
    static final class ModeColumn implements AttributeConverter<ExecutionMode, String> {
        @Override
        public String convertToDatabaseColumn(ExecutionMode mode) {
            return mode == null ? null : mode.value();
        }

        @Override
        public ExecutionMode convertToEntityAttribute(String value) {
            return value == null ? null : ExecutionMode.fromValue(value);
        }
    }
}
