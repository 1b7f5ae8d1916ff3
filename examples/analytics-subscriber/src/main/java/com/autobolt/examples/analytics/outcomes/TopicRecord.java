package com.autobolt.examples.analytics.outcomes;

import com.autobolt.schemas.DirectoryOutcomeRecorded;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import com.autobolt.schemas.MessageKeys;
import java.util.UUID;

/** What one record of the outcomes topic says, read once, before anything is written. */
sealed interface TopicRecord {

    /** The latest outcome of the key's directory of the key's job. */
    record Outcome(DirectoryOutcomeRecorded event) implements TopicRecord {}

    /**
     * A record without a value: on a compacted topic, "this key has no outcome any more". AutoBolt does
     * not publish them today; a subscriber that honours them stays right if it ever does.
     */
    record Tombstone(UUID jobId, String directoryId) implements TopicRecord {}

    /** A record the subscriber cannot use, and why: skipped and kept in {@code skipped_records}. */
    record Unreadable(String reason) implements TopicRecord {}

    static TopicRecord read(String key, byte[] value) {
        if (key == null) {
            return new Unreadable("no key");
        }
        if (value == null) {
            return tombstone(key);
        }
        DirectoryOutcomeRecorded event;
        try {
            // Also refuses a schemaVersion this code does not know: its meaning could have changed.
            event = EventJson.read(value, DirectoryOutcomeRecorded.class);
        } catch (InvalidEventException e) {
            return new Unreadable(e.getMessage());
        }
        String expectedKey = MessageKeys.outcome(event.jobId(), event.directoryId());
        if (!key.equals(expectedKey)) {
            // Compaction keeps one record per key: an event under another key would be kept or dropped
            // by the wrong rule, so it cannot be trusted to be the latest of its directory.
            return new Unreadable("key " + key + " is not the event's " + expectedKey);
        }
        return new Outcome(event);
    }

    private static TopicRecord tombstone(String key) {
        int slash = key.indexOf('/');
        if (slash < 0 || slash == key.length() - 1) {
            return new Unreadable("tombstone key " + key + " is not <jobId>/<directoryId>");
        }
        try {
            return new Tombstone(UUID.fromString(key.substring(0, slash)), key.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            return new Unreadable("tombstone key " + key + " does not start with a job id");
        }
    }
}
