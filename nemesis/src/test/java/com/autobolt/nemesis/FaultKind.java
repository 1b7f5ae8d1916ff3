package com.autobolt.nemesis;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the nemesis can do, by the name {@code --faults=} knows it by. */
enum FaultKind {
    /** kill -9 of a service or a Kafka node, then a start of it again. */
    KILL("kill"),
    /** SIGSTOP of a service or a Kafka node for longer than the consumer session timeout, then SIGCONT. */
    PAUSE("pause"),
    /** PostgreSQL stopped as a crash would ({@code pg_ctl stop -m immediate}) and started again. */
    POSTGRES("postgres"),
    /** Every byte between the services and PostgreSQL delayed by the proxy. */
    LATENCY("latency"),
    /** The proxy cuts every connection between the services and PostgreSQL and refuses new ones for a while. */
    DROP("drop"),
    /** Every byte between the services and every Kafka node delayed by the nodes' proxies. */
    KAFKA_LATENCY("kafka-latency"),
    /** The Kafka nodes' proxies cut every connection of the services to Kafka and refuse new ones for a while. */
    KAFKA_DROP("kafka-drop");

    private final String optionName;

    FaultKind(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    static FaultKind named(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.optionName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; known: "
                        + Arrays.stream(values()).map(FaultKind::optionName).collect(Collectors.joining(","))));
    }
}
