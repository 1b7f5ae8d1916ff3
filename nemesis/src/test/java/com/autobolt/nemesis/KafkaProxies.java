package com.autobolt.nemesis;

import com.autobolt.stack.StackSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link FaultyProxy} per Kafka node, on the port the node advertises its service listener at, forwarding
 * to that listener: every connection of the services to Kafka goes through one of them. Open before the
 * stack starts (the services connect at once), closed after it stops.
 */
final class KafkaProxies implements AutoCloseable {

    private final List<FaultyProxy> proxies;

    private KafkaProxies(List<FaultyProxy> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    static KafkaProxies open(StackSettings.ServiceKafkaListeners listeners) throws IOException {
        List<FaultyProxy> proxies = new ArrayList<>();
        try {
            for (int n = 0; n < listeners.ports().size(); n++) {
                proxies.add(new FaultyProxy(
                        listeners.advertisedPorts().get(n), listeners.ports().get(n)));
            }
        } catch (IOException e) {
            new KafkaProxies(proxies).close();
            throw e;
        }
        return new KafkaProxies(proxies);
    }

    /** Node n's proxy at index n - 1. */
    List<FaultyProxy> proxies() {
        return proxies;
    }

    @Override
    public void close() throws IOException {
        for (FaultyProxy proxy : proxies) {
            proxy.close();
        }
    }
}
