package com.autobolt.api.customer;

import com.autobolt.api.audit.AuditTrail;
import com.autobolt.api.error.ApiException;
import com.autobolt.api.error.InvalidFieldsException;
import com.autobolt.api.web.PageResponse;
import com.autobolt.schemas.BusinessProfile;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Year;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
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
    private final Validator validator;
    private final AuditTrail audit;
    private final Clock clock;

    CustomerService(CustomerRepository customers, CustomerProfiles profiles, Validator validator, AuditTrail audit) {
        this.customers = customers;
        this.profiles = profiles;
        this.validator = validator;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** What was done to the customer through the API, oldest first. */
    @Transactional(readOnly = true)
    List<AuditTrail.Entry> history(UUID id) {
        if (!customers.existsById(id)) {
            throw ApiException.notFound("no customer with id " + id);
        }
        return audit.of("customer", id, 500);
    }

    @Transactional
    CustomerResponse create(CreateCustomerRequest request) {
        if (customers.existsByEmailIgnoreCase(request.email())) {
            throw ApiException.conflict("a customer with email " + request.email() + " already exists");
        }
        UUID id = UUID.randomUUID();
        // The unique index still decides a race between two creations of the same email (→ 409).
        CustomerResponse created = customers
                .saveAndFlush(new Customer(id, reference(customers.nextReferenceNumber()), request))
                .toResponse();
        audit.record("customer.created", "customer", id, Map.of("reference", created.reference()));
        return created;
    }

    /**
     * Applies {@code patch} to the customer if it is still at {@code expectedVersion}: 412 when it
     * moved on (read again, decide again), 409 when the new email is another customer's. Jobs keep the
     * profile they snapshotted when created; jobs created after this use the edited one.
     */
    @Transactional
    CustomerResponse edit(UUID id, long expectedVersion, CustomerPatch patch) {
        Customer customer =
                customers.findById(id).orElseThrow(() -> ApiException.notFound("no customer with id " + id));
        if (customer.version() != expectedVersion) {
            throw stale(expectedVersion, customer.version());
        }
        CreateCustomerRequest edited = patch.applyTo(customer.details());
        Map<String, String> problems = new LinkedHashMap<>();
        validator.validate(edited).stream()
                .sorted(Comparator.comparing(
                        v -> CustomerPatch.EDITABLE.indexOf(v.getPropertyPath().toString())))
                .forEach(v -> problems.putIfAbsent(v.getPropertyPath().toString(), v.getMessage()));
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        if (!edited.email().equalsIgnoreCase(customer.details().email())
                && customers.existsByEmailIgnoreCaseAndIdNot(edited.email(), id)) {
            throw ApiException.conflict("a customer with email " + edited.email() + " already exists");
        }
        List<String> changed = CustomerPatch.changedFields(customer.details(), edited);
        customer.edit(edited, clock.instant());
        try {
            // The version check in the UPDATE settles an edit that committed since we read the row.
            CustomerResponse saved = customers.saveAndFlush(customer).toResponse();
            if (!changed.isEmpty()) {
                audit.record("customer.edited", "customer", id, Map.of("fields", changed, "version", saved.version()));
            }
            return saved;
        } catch (OptimisticLockingFailureException e) {
            throw ApiException.preconditionFailed("the customer changed since the version sent in If-Match (\""
                    + expectedVersion + "\"), while this edit was made: read it again and repeat the change");
        }
    }

    private static ApiException stale(long sent, long current) {
        return ApiException.preconditionFailed("the customer changed since the version sent in If-Match (\"" + sent
                + "\"); it is now \"" + current + "\": read it again and repeat the change");
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

    /** The profiles of those customers that exist, by id. */
    public Map<UUID, BusinessProfile> findProfiles(Collection<UUID> ids) {
        return profiles.findAll(ids);
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
