package com.autobolt.api.customer;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Customers as aggregates (Spring Data JPA). */
interface CustomerRepository extends JpaRepository<Customer, UUID> {

    // One customer per email, compared case-insensitively (the unique index customers_email_key).
    boolean existsByEmailIgnoreCase(String email);

    boolean existsByEmailIgnoreCaseAndIdNot(String email, UUID id);

    @Query(value = "SELECT nextval('customer_reference_seq')", nativeQuery = true)
    long nextReferenceNumber();

    /** A null pattern matches every customer; a pattern is a lower-case LIKE pattern with {@code \} escapes. */
    @Query("SELECT c FROM Customer c WHERE CAST(:pattern AS String) IS NULL"
            + " OR lower(c.businessName) LIKE :pattern ESCAPE '\\'"
            + " OR lower(c.email) LIKE :pattern ESCAPE '\\'"
            + " OR lower(c.reference) LIKE :pattern ESCAPE '\\'")
    Page<Customer> search(@Param("pattern") String pattern, Pageable page);
}
