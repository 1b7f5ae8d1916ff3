package com.autobolt.api.customer;

import com.autobolt.schemas.PackageType;
import java.time.Instant;
import java.util.UUID;

record CustomerResponse(
        UUID id,
        String reference,
        String businessName,
        String email,
        String phone,
        String website,
        String address,
        String city,
        String state,
        String zip,
        String country,
        String category,
        String description,
        PackageType packageType,
        Instant createdAt,
        Instant updatedAt,
        // What the ETag says: an edit sends it back in If-Match.
        long version) {

    String etag() {
        return "\"" + version + "\"";
    }
}
