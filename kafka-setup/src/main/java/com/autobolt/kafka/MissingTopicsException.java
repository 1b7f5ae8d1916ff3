package com.autobolt.kafka;

import java.util.List;

/** Topics a service needs do not exist and it may not create them ({@code AUTOBOLT_KAFKA_CREATE_TOPICS=false}). */
public class MissingTopicsException extends IllegalStateException {

    private final List<String> topics;

    public MissingTopicsException(List<String> topics) {
        super("missing Kafka topics " + topics + ": create them as docs/operations.md describes, or let the"
                + " services create them (AUTOBOLT_KAFKA_CREATE_TOPICS=true)");
        this.topics = List.copyOf(topics);
    }

    public List<String> topics() {
        return topics;
    }
}
