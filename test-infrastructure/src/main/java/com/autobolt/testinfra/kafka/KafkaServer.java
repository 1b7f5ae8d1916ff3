package com.autobolt.testinfra.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A running Kafka broker (KRaft). */
public interface KafkaServer {

    String bootstrapServers();

    /** A name no other test uses: for topics, consumer groups and transactional ids. */
    default String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates topics and waits until the broker has them. */
    default void createTopics(int partitions, String... names) {
        withAdmin(
                "create",
                names,
                admin -> admin.createTopics(Arrays.stream(names)
                                .map(name -> new NewTopic(name, partitions, (short) 1))
                                .toList())
                        .all()
                        .get());
    }

    /** Deletes topics and waits until the broker has deleted them. */
    default void deleteTopics(String... names) {
        withAdmin(
                "delete",
                names,
                admin -> admin.deleteTopics(List.of(names)).all().get());
    }

    private void withAdmin(String action, String[] names, AdminAction work) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            work.run(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + action + " topics " + Arrays.toString(names), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call of the admin client that waits for the broker. */
    @FunctionalInterface
    interface AdminAction {
        void run(Admin admin) throws ExecutionException, InterruptedException;
    }

    void stop();
}
