package com.autobolt.api.customer;

import com.autobolt.api.error.ApiException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.schemas.BusinessProfile;
import java.time.Clock;
import java.time.Year;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers; the job feature reads a customer's profile through {@link #findProfile}. */
@Service
public class CustomerService {

    private final CustomerRepository customers;
    private final Clock clock;

    CustomerService(CustomerRepository customers) {
        this.customers = customers;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    CustomerResponse create(CreateCustomerRequest request) {
        if (customers.emailTaken(request.email())) {
            throw ApiException.conflict("a customer with email " + request.email() + " already exists");
        }
        UUID id = UUID.randomUUID();
        // The unique index still decides a race between two creations of the same email (→ 409).
        customers.insert(id, reference(customers.nextReferenceNumber()), request);
        return customers.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    CustomerResponse get(UUID id) {
        return customers.find(id).orElseThrow(() -> ApiException.notFound("no customer with id " + id));
    }

    @Transactional(readOnly = true)
    PageResponse<CustomerResponse> search(String query, int page, int size) {
        return PageResponse.of(customers.search(query, page, size), page, size, customers.count(query));
    }

    /** The customer's listing as it is now, for a job to snapshot. */
    public Optional<BusinessProfile> findProfile(UUID id) {
        return customers.find(id).map(CustomerRepository::profileOf);
    }

    private String reference(long number) {
        return String.format("DB-%d-%06d", Year.now(clock).getValue(), number);
    }
}
