package com.autobolt.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.JobApiApplication;
import com.autobolt.api.support.Api;
import com.autobolt.api.support.DatabaseRoleProperties;
import com.autobolt.testinfra.TestInfrastructure;
import com.autobolt.testinfra.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Where keys come from: a file, or nowhere (then only health answers), and never into the log. */
@ExtendWith(OutputCaptureExtension.class)
class KeyConfigurationIT {

    private static final TestDatabase DATABASE = TestInfrastructure.postgres().createDatabase();
    private static final String FILE_KEY = "key-from-a-file-0123456789";
    private static final String ENV_KEY = "key-from-the-env-0123456789";

    @Test
    void shouldReadKeysFromAFileAndTheEnvironmentWithoutLoggingThem(CapturedOutput output) throws IOException {
        Path file = Files.createTempFile("autobolt-keys", ".txt");
        Files.writeString(file, "# staff keys\nstaff:" + FILE_KEY + "\n");
        try (ConfigurableApplicationContext app =
                start("--autobolt.security.api-keys-file=" + file, "--autobolt.security.api-keys=viewer:" + ENV_KEY)) {
            Api api = new Api(port(app));

            assertThat(api.get("/api/stats", FILE_KEY).status()).isEqualTo(200);
            assertThat(api.get("/api/stats", ENV_KEY).status()).isEqualTo(200);
            assertThat(api.post("/api/customers", ENV_KEY, "{}").status()).isEqualTo(403);
            assertThat(api.get("/api/stats", "not-" + FILE_KEY).status()).isEqualTo(401);
        } finally {
            Files.delete(file);
        }
        assertThat(output.getAll()).contains("API keys configured per role").doesNotContain(FILE_KEY, ENV_KEY);
    }

    @Test
    void shouldStartWithoutKeysAndRefuseAllButHealth(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start("--autobolt.security.api-keys=")) {
            Api api = new Api(port(app));

            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api.get("/api/stats", ENV_KEY).status()).isEqualTo(401);
            // The API description holds no data: open even then.
            assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
        }
        assertThat(output.getAll()).contains("No API keys configured");
    }

    private static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(List.of(DatabaseRoleProperties.arguments(DATABASE)));
        // A real broker: job-api's health includes whether Kafka answers. The change stream has its own tests.
        args.add("--autobolt.kafka.bootstrap-servers="
                + TestInfrastructure.kafka().bootstrapServers());
        args.add("--autobolt.cdc.enabled=false");
        args.addAll(List.of(extra));
        return SpringApplication.run(JobApiApplication.class, args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
