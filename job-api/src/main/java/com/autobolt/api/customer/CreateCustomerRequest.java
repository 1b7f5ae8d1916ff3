package com.autobolt.api.customer;

import com.autobolt.api.web.HttpUrl;
import com.autobolt.schemas.PackageType;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A new customer; the limits are the database's. */
record CreateCustomerRequest(
        @NotBlank @Size(max = 200) String businessName,
        // Stricter than @Email alone: a dot in the domain part, as every deliverable address has.
        @NotBlank @Size(min = 3, max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+")
        String email,

        @Size(max = 40) String phone,
        @Size(max = 2048) @HttpUrl String website,
        @Size(max = 300) String address,
        @Size(max = 100) String city,
        @Size(max = 100) String state,
        @Size(max = 20) String zip,
        @Size(max = 100) String country,
        @Size(max = 100) String category,
        @Size(max = 5000) String description,
        @NotNull PackageType packageType) {}
