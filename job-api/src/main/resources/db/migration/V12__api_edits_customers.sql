-- job-api edits a customer's details (PATCH /api/customers/{id}): the details, when they changed and
-- the version that guards concurrent edits. Never the id, the reference or the creation time, and
-- still no DELETE.
GRANT UPDATE (business_name, email, phone, website, address, city, state, zip, country, category, description,
              package_type, updated_at, version)
    ON customers TO ${api_role};
