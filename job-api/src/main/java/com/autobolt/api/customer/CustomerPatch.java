package com.autobolt.api.customer;

import com.autobolt.api.error.InvalidFieldsException;
import com.autobolt.schemas.PackageType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An edit of a customer's details as a JSON merge patch (RFC 7396): a member sets that field, a
 * member that is {@code null} clears an optional one, an absent member leaves it as it is. Only the
 * details a customer was created with can be edited (not the id, reference or times); any other member
 * is refused by name rather than ignored, so that a misspelt field never looks like a successful edit.
 * The result is checked by the same rules as a new customer ({@link CreateCustomerRequest}).
 */
final class CustomerPatch {

    static final List<String> EDITABLE = List.of(
            "businessName",
            "email",
            "phone",
            "website",
            "address",
            "city",
            "state",
            "zip",
            "country",
            "category",
            "description",
            "packageType");

    /** The members of the patch: a field's new text, or null to clear it. */
    private final Map<String, String> changes;

    private CustomerPatch(Map<String, String> changes) {
        this.changes = changes;
    }

    static CustomerPatch of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldsException(Map.of("body", "must be a JSON object of the fields to change"));
        }
        Map<String, String> changes = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String field = member.getKey();
            JsonNode value = member.getValue();
            if (!EDITABLE.contains(field)) {
                problems.put(
                        bounded(field), "cannot be edited; the fields that can are " + String.join(", ", EDITABLE));
            } else if (value.isNull()) {
                changes.put(field, null);
            } else if (value.isString()) {
                changes.put(field, value.asString());
            } else {
                problems.put(field, "must be a string, or null to clear it");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        return new CustomerPatch(changes);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /** {@code current} with this patch applied; not yet validated. */
    CreateCustomerRequest applyTo(CreateCustomerRequest current) {
        return new CreateCustomerRequest(
                text("businessName", current.businessName()),
                text("email", current.email()),
                text("phone", current.phone()),
                text("website", current.website()),
                text("address", current.address()),
                text("city", current.city()),
                text("state", current.state()),
                text("zip", current.zip()),
                text("country", current.country()),
                text("category", current.category()),
                text("description", current.description()),
                packageType(current.packageType()));
    }

    private String text(String field, String current) {
        return changes.containsKey(field) ? changes.get(field) : current;
    }

    private PackageType packageType(PackageType current) {
        if (!changes.containsKey("packageType")) {
            return current;
        }
        String value = changes.get("packageType");
        if (value == null) {
            return null; // refused by validation: a customer always has a package
        }
        try {
            return PackageType.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldsException(Map.of("packageType", "must be one of " + PackageType.allValues()));
        }
    }

    /** The editable fields whose values differ between {@code before} and {@code after}, in their order. */
    static List<String> changedFields(CreateCustomerRequest before, CreateCustomerRequest after) {
        List<String> changed = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent component : CreateCustomerRequest.class.getRecordComponents()) {
            try {
                Object was = component.getAccessor().invoke(before);
                Object is = component.getAccessor().invoke(after);
                if (!java.util.Objects.equals(was, is)) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a record's accessor", e);
            }
        }
        return changed;
    }

    /** A member's name goes back in the error; a hostile one must not make the answer huge. */
    private static String bounded(String field) {
        return field.length() <= 64 ? field : field.substring(0, 64) + "…";
    }
}
