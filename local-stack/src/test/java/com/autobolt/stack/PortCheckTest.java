package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void shouldNameThePortTheServiceAndTheVariableWhenAPortIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            StackSettings.Ports ports = StackSettings.Ports.fromEnvironment(
                    Map.of("AUTOBOLT_API_PORT", String.valueOf(port), "AUTOBOLT_STACK_POSTGRES_PORT", "1")::get,
                    1,
                    2,
                    1);

            assertThatThrownBy(() -> PortCheck.requireFree(ports))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + port + " (job-api) is already in use")
                    .hasMessageContaining("AUTOBOLT_API_PORT=<port>");
        }
    }

    @Test
    void shouldNameTheBaseVariableOfAnInstanceBeyondTheFirst() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            StackSettings.Ports ports = StackSettings.Ports.fromEnvironment(
                    Map.of("AUTOBOLT_WORKER_PORT", String.valueOf(port - 200), "AUTOBOLT_STACK_POSTGRES_PORT", "1")
                            ::get,
                    1,
                    3,
                    1);

            assertThatThrownBy(() -> PortCheck.requireFree(ports))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining(
                            "port " + port + " (job-worker 3, AUTOBOLT_WORKER_PORT + 200) is already in use")
                    .hasMessageContaining("AUTOBOLT_WORKER_PORT=<port>");
        }
    }

    @Test
    void shouldRefuseAPortSettingThatIsNotANumber() {
        assertThatThrownBy(() ->
                        StackSettings.Ports.fromEnvironment(Map.of("AUTOBOLT_PROJECTOR_PORT", "eighty")::get, 1, 2, 1))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("AUTOBOLT_PROJECTOR_PORT must be a port number");
    }
}
