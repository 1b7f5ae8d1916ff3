package com.autobolt.worker.submit;

import com.autobolt.schemas.BusinessProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Maps profile fields to a site's form fields through the directory's field mapping. */
final class ProfileFields {

    private ProfileFields() {}

    /**
     * The site's fields and values, in the mapping's (sorted) order; a profile field without a value
     * is left out.
     *
     * @throws MappingException when the mapping names a field a profile does not have
     */
    static Map<String, String> map(BusinessProfile profile, Map<String, String> fieldMapping) {
        Map<String, String> fields = new LinkedHashMap<>();
        new TreeMap<>(fieldMapping).forEach((ours, theirs) -> {
            String value = valueOf(profile, ours);
            if (value != null) {
                fields.put(theirs, value);
            }
        });
        return fields;
    }

    private static String valueOf(BusinessProfile profile, String field) {
        return switch (field) {
            case "businessName" -> profile.businessName();
            case "email" -> profile.email();
            case "phone" -> profile.phone();
            case "website" -> profile.website();
            case "address" -> profile.address();
            case "city" -> profile.city();
            case "state" -> profile.state();
            case "zip" -> profile.zip();
            case "country" -> profile.country();
            case "category" -> profile.category();
            case "description" -> profile.description();
            default -> throw new MappingException("field mapping names unknown profile field '" + field + "'");
        };
    }

    static final class MappingException extends RuntimeException {
        MappingException(String message) {
            super(message);
        }
    }
}
