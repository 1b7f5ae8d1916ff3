package com.autobolt.httpworker;

import com.autobolt.schemas.EventText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of one task, as the {@code update} call reports it: {@code submitted} (with the listing
 * URL when there is one), {@code failed} or {@code skipped} with an error code and a reason. Texts are
 * cut to what the result events carry.
 */
record TaskResult(String directoryId, String status, String listingUrl, String errorCode, String reason) {

    static final int MAX_REASON = 2000;
    static final int MAX_ERROR_CODE = 100;

    TaskResult {
        errorCode = EventText.clean(errorCode, MAX_ERROR_CODE);
        reason = EventText.clean(reason, MAX_REASON);
    }

    static TaskResult submitted(String directoryId, String listingUrl) {
        return new TaskResult(directoryId, "submitted", listingUrl, null, null);
    }

    static TaskResult failed(String directoryId, String errorCode, String reason) {
        return new TaskResult(directoryId, "failed", null, errorCode, reason);
    }

    static TaskResult skipped(String directoryId, String errorCode, String reason) {
        return new TaskResult(directoryId, "skipped", null, errorCode, reason);
    }

    /** The result's JSON object in the update body; absent fields are left out. */
    Map<String, String> toJson() {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("directoryId", directoryId);
        json.put("status", status);
        if (listingUrl != null) {
            json.put("listingUrl", listingUrl);
        }
        if (errorCode != null) {
            json.put("errorCode", errorCode);
        }
        if (reason != null) {
            json.put("reason", reason);
        }
        return json;
    }
}
