package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The execution mode of a catalog entry, and how events written before it existed read. */
class DirectoryStateTest {

    private static String example() {
        return new String(EventContractTest.resource("schemas/examples/directory-changed.valid.json"));
    }

    @Test
    void shouldReadAnOlderEventWithoutModeAsAutomaticUnlessItNeedsLoginOrCaptcha() {
        String withoutMode = example().replace("\"executionMode\": \"automatic\",", "");
        String withLogin = withoutMode.replace("\"requiresLogin\": false", "\"requiresLogin\": true");
        String withCaptcha = withoutMode.replace("\"requiresCaptcha\": false", "\"requiresCaptcha\": true");

        assertThat(read(withoutMode).executionMode()).isEqualTo(ExecutionMode.AUTOMATIC);
        assertThat(read(withLogin).executionMode()).isEqualTo(ExecutionMode.EXTERNAL);
        assertThat(read(withCaptcha).external()).isTrue();
        assertThat(EventContractTest.schema("directory-changed")
                        .validate(EventJson.mapper().readTree(withLogin)))
                .isEmpty();
    }

    @Test
    void shouldKeepAnExplicitModeWhateverTheFlags() {
        String externalWithoutFlags =
                example().replace("\"executionMode\": \"automatic\"", "\"executionMode\": \"external\"");
        String automaticWithLogin = example().replace("\"requiresLogin\": false", "\"requiresLogin\": true");

        assertThat(read(externalWithoutFlags).executionMode()).isEqualTo(ExecutionMode.EXTERNAL);
        assertThat(read(automaticWithLogin).executionMode()).isEqualTo(ExecutionMode.AUTOMATIC);
    }

    @Test
    void shouldRejectAnUnknownMode() {
        String robot = example().replace("\"executionMode\": \"automatic\"", "\"executionMode\": \"robot\"");

        assertThatThrownBy(() -> read(robot)).isInstanceOf(InvalidEventException.class);
        assertThat(EventContractTest.schema("directory-changed")
                        .validate(EventJson.mapper().readTree(robot)))
                .isNotEmpty();
    }

    private static DirectoryState read(String json) {
        return EventJson.read(json.getBytes(), DirectoryChanged.class).after();
    }
}
