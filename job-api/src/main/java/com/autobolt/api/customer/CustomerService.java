package com.autobolt.api.customer;

import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.schemas.BusinessProfile;
import java.time.Clock;
import java.time.Year;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers; the job feature reads a customer's profile through {@link #findProfile}. */
@Service
public class CustomerService {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"));

    private final CustomerRepository customers;
    private final CustomerProfiles profiles;
    private final Clock clock;

    CustomerService(CustomerRepository customers, CustomerProfiles profiles) {
        this.customers = customers;
        this.profiles = profiles;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    CustomerResponse create(CreateCustomerRequest request) {
        if (customers.existsByEmailIgnoreCase(request.email())) {
            throw ApiException.conflict("a customer with email " + request.email() + " already exists");
        }
        UUID id = UUID.randomUUID();
        // The unique index still decides a race between two creations of the same email (→ 409).
        return customers
                .saveAndFlush(new Customer(id, reference(customers.nextReferenceNumber()), request))
                .toResponse();
    }

    @Transactional(readOnly = true)
    CustomerResponse get(UUID id) {
        return customers
                .findById(id)
                .map(Customer::toResponse)
                .orElseThrow(() -> ApiException.notFound("no customer with id " + id));
    }

    @Transactional(readOnly = true)
    PageResponse<CustomerResponse> search(String query, int page, int size) {
        Page<Customer> found = customers.search(pattern(query), PageRequest.of(page, size, NEWEST_FIRST));
        return PageResponse.of(found.map(Customer::toResponse).getContent(), page, size, found.getTotalElements());
    }

    /** The customer's listing as it is now, for a job to snapshot (in the caller's transaction). */
    public Optional<BusinessProfile> findProfile(UUID id) {
        return profiles.find(id);
    }

    /** The search text as a case-insensitive LIKE pattern, its own {@code % _ \} taken literally; null for none. */
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

    private String reference(long number) {
        return String.format("DB-%d-%06d", Year.now(clock).getValue(), number);
    }
}
