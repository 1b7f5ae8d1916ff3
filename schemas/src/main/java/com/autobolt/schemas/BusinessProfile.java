package com.autobolt.schemas;

/**
 * The customer's business listing as submitted to directories. Jobs keep a snapshot taken at
 * creation, so a later edit of the customer does not change what an in-flight job submits.
 */
public record BusinessProfile(
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
        String description) {

    public BusinessProfile {
        Require.text(businessName, "businessName");
        Require.text(email, "email");
    }
}
