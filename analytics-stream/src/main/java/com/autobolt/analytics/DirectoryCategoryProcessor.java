package com.autobolt.analytics;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.EventJson;
import com.autobolt.schemas.InvalidEventException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each directory's category from the compacted catalog topic, in a global store every instance holds
 * whole. A global store's processor cannot forward, so an unreadable catalog record is logged (with its key)
 * and skipped here rather than dead-lettered: the only effect on an outcome is an absent category, which the
 * contract allows, and the directory's next valid change sets it again.
 */
final class DirectoryCategoryProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(DirectoryCategoryProcessor.class);

    private KeyValueStore<String, String> categories;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        categories = context.getStateStore(AnalyticsTopology.DIRECTORY_CATEGORIES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                categories.delete(record.key());
            }
            return;
        }
        DirectoryChanged change;
        try {
            change = EventJson.read(record.value(), DirectoryChanged.class);
        } catch (InvalidEventException e) {
            log.warn("skipping an unreadable catalog record (key {}): {}", record.key(), e.getMessage());
            return;
        }
        if (change.op() == ChangeOperation.DELETED || change.after().category() == null) {
            categories.delete(change.directoryId());
        } else {
            categories.put(change.directoryId(), change.after().category());
        }
    }
}
