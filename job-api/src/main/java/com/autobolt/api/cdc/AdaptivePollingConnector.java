package com.autobolt.api.cdc;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's PostgreSQL connector with {@link AdaptivePollingTask}: the engine instantiates it by
 * name ({@code connector.class}), hence public.
 */
public class AdaptivePollingConnector extends PostgresConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return AdaptivePollingTask.class;
    }
}
