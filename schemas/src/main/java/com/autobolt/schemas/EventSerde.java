package com.autobolt.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer and deserializer for one event type. A record that cannot be read raises
 * Kafka's {@link SerializationException} with the reason, which consumers route to the
 * dead-letter topic.
 */
public final class EventSerde<T> implements Serde<T> {

    private final Class<T> type;

    private EventSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> EventSerde<T> of(Class<T> type) {
        return new EventSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : EventJson.write(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return EventJson.read(bytes, type);
            } catch (InvalidEventException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
    }
}
