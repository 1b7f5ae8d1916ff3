package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user types it: {@code ./autobolt} finds the launcher's runnable jar among
 * the module's jars and hands it the command line. Every other stack test starts the stack from Java, so
 * only this one would see the script run the wrong jar (it did: the plain classes jar the nemesis module
 * needs sorted first, and {@code ./autobolt up} answered "no main manifest attribute").
 */
class RunCommandIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** The script's mark of a build as fresh as the sources: this verify has just packaged every module. */
    private static final Path BUILT_STAMP = Path.of("target", "autobolt-built.stamp");

    @Test
    void shouldRunTheLauncherJarThatAnswersItsOwnCommandLine() throws Exception {
        Files.writeString(BUILT_STAMP, "");

        Process script = new ProcessBuilder("bash", "./autobolt", "up", "--packages=starter")
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .start();
        boolean ended = script.waitFor(2, TimeUnit.MINUTES);
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("./autobolt ended: %s", output).isTrue();
        assertThat(output)
                .as("the launcher's own refusal, so it was the launcher that ran")
                .contains("--packages is an option of ./autobolt demo");
        assertThat(script.exitValue()).as(output).isEqualTo(2);
    }
}
