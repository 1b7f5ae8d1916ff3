package com.autobolt.api.customer;

import com.autobolt.schemas.PackageType;
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
import java.util.UUID;

/** A customer: the aggregate whose listing jobs snapshot. */
@Entity
@Table(name = "customers")
class Customer {

    @Id
    private UUID id;

    @Column(updatable = false)
    private String reference;

    @Column(name = "business_name")
    private String businessName;

    private String email;
    private String phone;
    private String website;
    private String address;
    private String city;
    private String state;
    private String zip;
    private String country;
    private String category;
    private String description;

    @Column(name = "package_type")
    @Convert(converter = PackageColumn.class)
    private PackageType packageType;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private Long version;

    protected Customer() {}

    Customer(UUID id, String reference, CreateCustomerRequest request) {
        this.id = id;
        this.reference = reference;
        this.businessName = request.businessName();
        this.email = request.email();
        this.phone = request.phone();
        this.website = request.website();
        this.address = request.address();
        this.city = request.city();
        this.state = request.state();
        this.zip = request.zip();
        this.country = request.country();
        this.category = request.category();
        this.description = request.description();
        this.packageType = request.packageType();
        // PostgreSQL keeps microseconds: the response then says exactly what was stored.
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    /** The details a customer was created with, as they are now. */
    CreateCustomerRequest details() {
        return new CreateCustomerRequest(
                businessName,
                email,
                phone,
                website,
                address,
                city,
                state,
                zip,
                country,
                category,
                description,
                packageType);
    }

    /**
     * Replaces the details with {@code edited} (already validated). Only a real change touches
     * {@code updated_at} (and, on flush, the version): an edit that changes nothing leaves the ETag a
     * client holds valid.
     */
    void edit(CreateCustomerRequest edited, Instant now) {
        if (edited.equals(details())) {
            return;
        }
        this.businessName = edited.businessName();
        this.email = edited.email();
        this.phone = edited.phone();
        this.website = edited.website();
        this.address = edited.address();
        this.city = edited.city();
        this.state = edited.state();
        this.zip = edited.zip();
        this.country = edited.country();
        this.category = edited.category();
        this.description = edited.description();
        this.packageType = edited.packageType();
        this.updatedAt = now.truncatedTo(ChronoUnit.MICROS);
    }

    UUID id() {
        return id;
    }

    long version() {
        return version;
    }

    CustomerResponse toResponse() {
        return new CustomerResponse(
                id,
                reference,
                businessName,
                email,
                phone,
                website,
                address,
                city,
                state,
                zip,
                country,
                category,
                description,
                packageType,
                createdAt,
                updatedAt,
                version);
    }

    /** The package as the column's CHECK spells it. */
    @Converter
    static final class PackageColumn implements AttributeConverter<PackageType, String> {
        @Override
        public String convertToDatabaseColumn(PackageType type) {
            return type == null ? null : type.value();
        }

        @Override
        public PackageType convertToEntityAttribute(String value) {
            return value == null ? null : PackageType.fromValue(value);
        }
    }
}
