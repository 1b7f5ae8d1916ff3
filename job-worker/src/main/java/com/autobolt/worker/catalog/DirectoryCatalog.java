package com.autobolt.worker.catalog;

import com.autobolt.schemas.ChangeOperation;
import com.autobolt.schemas.DirectoryChanged;
import com.autobolt.schemas.DirectoryState;
import com.autobolt.schemas.EventJson;
import com.autobolt.worker.config.KafkaClients;
import com.autobolt.worker.config.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;

/**
 * The directory catalog as this instance knows it, kept current from the directories change stream
 * (read from the beginning on every start). Directories are deactivated, not deleted, so the map
 * stays as small as the catalog. One per instance, shared by the dispatcher and the executors: it
 * starts before both and stops after them.
 */
public final class DirectoryCatalog implements SmartLifecycle {

    private final Map<String, DirectoryState> directories = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public DirectoryCatalog(KafkaClients clients, String topic) {
        this.follower = new TopicFollower(clients, topic, this::apply);
    }

    private volatile boolean running;

    @Override
    public void start() {
        follower.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the executors ({@code DEFAULT_PHASE - 100}) and the dispatcher, so both find it running. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 200;
    }

    public Optional<DirectoryState> find(String directoryId) {
        return Optional.ofNullable(directories.get(directoryId));
    }

    /** Waits until every catalog change committed before this call is known here. */
    public boolean awaitCaughtUp(Duration timeout) {
        return follower.awaitCaughtUp(timeout);
    }

    public int size() {
        return directories.size();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            directories.remove(record.key());
            return;
        }
        DirectoryChanged change = EventJson.read(record.value(), DirectoryChanged.class);
        if (change.op() == ChangeOperation.DELETED) {
            directories.remove(change.directoryId());
        } else {
            directories.put(change.directoryId(), change.after());
        }
    }
}
