package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void shouldRunTheDemoOfEveryPackageByDefault() {
        CommandLine command = CommandLine.parse(new String[] {"demo", "--fresh"}, Map.<String, String>of()::get);

        assertThat(command.demo()).isTrue();
        assertThat(command.settings().fresh()).isTrue();
        assertThat(command.packages()).containsExactly("starter", "growth", "professional", "enterprise");
        assertThat(command.settings().ports().kafka()).containsExactly(9094);
        assertThat(command.settings().ports().kafkaControllers()).containsExactly(9095);
        assertThat(command.settings().ports().workers()).containsExactly(8081, 8181);
        assertThat(command.settings().ports().projectors()).containsExactly(8082);
        assertThat(command.settings().kafkaNodeDirectory(1))
                .isEqualTo(command.settings().stackDirectory().resolve("data/kafka"));
    }

    @Test
    void shouldTakeTheDemoPackagesFromTheCommandLine() {
        CommandLine command =
                CommandLine.parse(new String[] {"demo", "--packages=starter,starter"}, Map.<String, String>of()::get);

        assertThat(command.packages()).isEqualTo(List.of("starter", "starter"));
    }

    @Test
    void shouldRefuseAnUnknownPackageOrCommand() {
        assertThatThrownBy(() ->
                        CommandLine.parse(new String[] {"demo", "--packages=gold"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("unknown package 'gold'");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"down"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("usage: ./autobolt up|demo");
        assertThatThrownBy(() ->
                        CommandLine.parse(new String[] {"up", "--packages=starter"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--packages is an option of ./autobolt demo");
    }

    @Test
    void shouldStartThreeKafkaNodesAndAsManyWorkersAndProjectorsAsAskedEachInstanceOnItsOwnPort() {
        CommandLine command = CommandLine.parse(
                new String[] {"up", "--brokers=3", "--workers=4", "--projectors=2"},
                Map.of("AUTOBOLT_WORKER_PORT", "7001")::get);

        StackSettings settings = command.settings();
        assertThat(settings.brokers()).isEqualTo(3);
        assertThat(settings.ports().kafka()).containsExactly(9094, 9194, 9294);
        assertThat(settings.ports().kafkaControllers()).containsExactly(9095, 9195, 9295);
        assertThat(settings.ports().workers()).containsExactly(7001, 7101, 7201, 7301);
        assertThat(settings.ports().projectors()).containsExactly(8082, 8182);
        assertThat(settings.kafkaNodeDirectory(2))
                .isEqualTo(settings.stackDirectory().resolve("data/kafka/node-2"));
        assertThat(settings.ports().uses())
                .extracting(StackSettings.PortUse::port)
                .doesNotHaveDuplicates()
                .hasSize(3 + 3 + 3 + 2 * (4 + 2))
                .contains(8001, 8101, 8201, 8301, 9082, 9182);
    }

    @Test
    void shouldRefuseABrokerCountOtherThanOneOrThreeAndANumberOfInstancesOutOfRange() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"up", "--brokers=2"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--brokers must be 1 or 3");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"up", "--workers=0"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--workers must be a number from 1 to 12, was '0'");
        assertThatThrownBy(() ->
                        CommandLine.parse(new String[] {"up", "--projectors=many"}, Map.<String, String>of()::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--projectors must be a number from 1 to 12, was 'many'");
    }

    @Test
    void shouldNameTheKafkaPortVariableWhenItIsNotANumber() {
        assertThatThrownBy(
                        () -> CommandLine.parse(new String[] {"up"}, Map.of("AUTOBOLT_STACK_KAFKA_PORT", "kafka")::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("AUTOBOLT_STACK_KAFKA_PORT must be a port number");
    }
}
