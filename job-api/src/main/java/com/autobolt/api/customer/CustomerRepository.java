package com.autobolt.api.customer;

import com.autobolt.schemas.BusinessProfile;
import com.autobolt.schemas.PackageType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

    private static final String COLUMNS = "id, reference, business_name, email, phone, website, address, city, state,"
            + " zip, country, category, description, package_type, created_at, updated_at";
    // The cast: a null parameter has no type of its own, and PostgreSQL refuses "? IS NULL" without one.
    private static final String SEARCH =
            " WHERE (CAST(:pattern AS text) IS NULL OR lower(business_name) LIKE :pattern ESCAPE '\\'"
                    + " OR lower(email) LIKE :pattern ESCAPE '\\' OR lower(reference) LIKE :pattern ESCAPE '\\')";

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long nextReferenceNumber() {
        return jdbc.sql("SELECT nextval('customer_reference_seq')")
                .query(Long.class)
                .single();
    }

    boolean emailTaken(String email) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM customers WHERE lower(email) = lower(?))")
                .param(email)
                .query(Boolean.class)
                .single();
    }

    void insert(UUID id, String reference, CreateCustomerRequest c) {
        jdbc.sql("INSERT INTO customers (id, reference, business_name, email, phone, website, address, city, state,"
                        + " zip, country, category, description, package_type)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        reference,
                        c.businessName(),
                        c.email(),
                        c.phone(),
                        c.website(),
                        c.address(),
                        c.city(),
                        c.state(),
                        c.zip(),
                        c.country(),
                        c.category(),
                        c.description(),
                        c.packageType().value())
                .update();
    }

    Optional<CustomerResponse> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE id = ?")
                .param(id)
                .query(CustomerRepository::map)
                .optional();
    }

    List<CustomerResponse> search(String query, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customers" + SEARCH
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("pattern", pattern(query))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(CustomerRepository::map)
                .list();
    }

    long count(String query) {
        return jdbc.sql("SELECT count(*) FROM customers" + SEARCH)
                .param("pattern", pattern(query))
                .query(Long.class)
                .single();
    }

    private static String pattern(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        String escaped = query.strip()
                .toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }

    static BusinessProfile profileOf(CustomerResponse c) {
        return new BusinessProfile(
                c.businessName(),
                c.email(),
                c.phone(),
                c.website(),
                c.address(),
                c.city(),
                c.state(),
                c.zip(),
                c.country(),
                c.category(),
                c.description());
    }

    private static CustomerResponse map(ResultSet rs, int row) throws SQLException {
        return new CustomerResponse(
                rs.getObject("id", UUID.class),
                rs.getString("reference"),
                rs.getString("business_name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("website"),
                rs.getString("address"),
                rs.getString("city"),
                rs.getString("state"),
                rs.getString("zip"),
                rs.getString("country"),
                rs.getString("category"),
                rs.getString("description"),
                PackageType.fromValue(rs.getString("package_type")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
