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
        assertThat(command.settings().ports().kafka()).isEqualTo(9094);
        assertThat(command.settings().kafkaDirectory())
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
    void shouldNameTheKafkaPortVariableWhenItIsNotANumber() {
        assertThatThrownBy(
                        () -> CommandLine.parse(new String[] {"up"}, Map.of("AUTOBOLT_STACK_KAFKA_PORT", "kafka")::get))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("AUTOBOLT_STACK_KAFKA_PORT must be a port number");
    }
}
