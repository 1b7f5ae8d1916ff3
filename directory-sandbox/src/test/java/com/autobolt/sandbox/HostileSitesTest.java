package com.autobolt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each hostile site really answers as its name says, seen on the wire through {@link RawHttpClient}
 * (a normal client would refuse several of these answers, which is what they are for).
 */
class HostileSitesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration QUICK = Duration.ofSeconds(10);

    private final DirectorySandbox sandbox = DirectorySandbox.start(0);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldAnswerAsTheHostileBehaviourSays(Hostility hostility) throws Exception {
        String site = "site-" + hostility.configName();
        sandbox.configure(site, SiteBehaviour.ok().answeringHostile(hostility));
        String listingPrefix = sandbox.baseUrl() + "/listings/" + site + "/";

        // A switch expression over the enum: a new behaviour does not compile until it is checked here.
        Runnable check = switch (hostility) {
            case NUL_IN_JSON ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.bodyText()).contains("\\u0000").contains("\\u001b");
                    JsonNode body = JSON.readTree(answer.body());
                    assertThat(body.get("error").asString())
                            .contains("\u0000")
                            .contains("\u0007")
                            .contains("\u001b");
                    assertThat(body.get("listingUrl").asString())
                            .startsWith(listingPrefix)
                            .endsWith("\u0000");
                };
            case RAW_CONTROL_BYTES ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body()).contains(0, 7, 27, 8, 127);
                    assertThatThrownBy(() -> JSON.readTree(answer.body()))
                            .as("raw control characters are not valid JSON")
                            .isInstanceOf(RuntimeException.class);
                };
            case INVALID_UTF8 ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.header("Content-Type"))
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                    assertThatThrownBy(() -> StandardCharsets.UTF_8
                                    .newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPORT)
                                    .decode(ByteBuffer.wrap(answer.body())))
                            .isInstanceOf(CharacterCodingException.class);
                    assertThat(answer.body()).contains((byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0x00);
                };
            case HUGE_BODY ->
                () -> {
                    RawHttpClient.Answer answer = submit(site, 8 * 1024 * 1024, QUICK);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.bodyEnded()).isTrue();
                    assertThat(answer.body().length).isGreaterThan(HostileAnswers.HUGE_BODY_BYTES);
                    assertThat(answer.header("Content-Length")).hasValue(String.valueOf(answer.body().length));
                    assertThat(JSON.readTree(answer.body()).get("error").asString())
                            .hasSize(HostileAnswers.HUGE_BODY_BYTES);
                };
            case ENDLESS_BODY ->
                () -> {
                    RawHttpClient.Answer answer = submit(site, 1024 * 1024, Duration.ofMillis(1500));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.header("Transfer-Encoding")).hasValue("chunked");
                    assertThat(answer.bodyEnded()).as("the body is still going").isFalse();
                    // about 10 pieces of 16 bytes in 1.5 s, plus the prefix: slow, not a flood
                    assertThat(answer.body().length).isBetween(100, 2000);
                    assertThat(answer.bodyText()).contains("zzzzzzzzzzzzzzzz");
                };
            case TRICKLE ->
                () -> {
                    RawHttpClient.Answer answer = submit(site, 1024, Duration.ofMillis(2500));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(Long.parseLong(answer.header("Content-Length").orElseThrow()))
                            .isGreaterThan(40);
                    assertThat(answer.bodyEnded()).isFalse();
                    assertThat(answer.body().length).as("one byte a second").isBetween(2, 3);
                    assertThat(answer.bodyText()).startsWith("{\"");
                };
            case HUGE_HEADER ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(201);
                    assertThat(answer.header("X-Huge"))
                            .hasValueSatisfying(value -> assertThat(value).hasSize(HostileAnswers.HUGE_HEADER_CHARS));
                    assertThat(answer.header("Location"))
                            .hasValueSatisfying(url -> assertThat(url).startsWith(listingPrefix));
                };
            case MANY_HEADERS ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(201);
                    assertThat(answer.headers()).hasSizeGreaterThan(HostileAnswers.MANY_HEADERS);
                    assertThat(answer.header("X-Filler-4999")).hasValue("value 4999");
                };
            case LONG_LOCATION ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(201);
                    assertThat(answer.header("Location")).hasValueSatisfying(url -> {
                        assertThat(url).startsWith(listingPrefix).hasSize(HostileAnswers.LONG_LOCATION_CHARS);
                        assertThat(URI.create(url).getScheme()).isEqualTo("http");
                    });
                };
            case JAVASCRIPT_LOCATION -> () -> assertLocation(site, "javascript:alert('autobolt')");
            case DATA_LOCATION -> () -> assertLocation(site, "data:text/html," + HostileAnswers.SCRIPT);
            case RELATIVE_LOCATION ->
                () -> {
                    RawHttpClient.Answer answer = submit(site);
                    assertThat(answer.status()).isEqualTo(201);
                    assertThat(answer.header("Location"))
                            .hasValueSatisfying(url -> assertThat(url).startsWith("/listings/" + site + "/"));
                };
            case GARBAGE_LOCATION -> () -> assertLocation(site, ":: not a url %zz [] {} | \\ ^ ::");
            case SCRIPT_LOCATION ->
                () -> assertLocation(site, sandbox.baseUrl() + "/listings/\">" + HostileAnswers.SCRIPT);
            case LONG_ERROR -> () -> assertError(site, 422, HostileAnswers.LONG_ERROR);
            case LONG_ERROR_IN_BODY -> () -> assertError(site, 200, HostileAnswers.LONG_ERROR);
            case SCRIPT_IN_BODY -> () -> assertError(site, 200, HostileAnswers.SCRIPT);
        };
        check.run();
        assertThat(HostileAnswers.LONG_ERROR).hasSize(5000);

        assertThat(sandbox.submissions())
                .singleElement()
                .satisfies(submission -> assertThat(submission.status())
                        .as("the status is recorded")
                        .isBetween(200, 499));
    }

    @Test
    void shouldReadHostileBehavioursByNameFromItsConfiguration(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("sandbox.json");
        Files.writeString(file, """
                {"port": 1, "directories": {"tricky": {"successRate": 1.0, "hostile": "javascript-location"}}}
                """);

        assertThat(SandboxConfig.read(file).directories().get("tricky").hostile())
                .isEqualTo(Hostility.JAVASCRIPT_LOCATION);
        assertThat(JSON.writeValueAsString(SiteBehaviour.ok().answeringHostile(Hostility.HUGE_BODY)))
                .contains("\"hostile\":\"huge-body\"");

        Files.writeString(file, "{\"directories\": {\"x\": {\"successRate\": 1.0, \"hostile\": \"nope\"}}}");
        assertThatThrownBy(() -> SandboxConfig.read(file)).hasStackTraceContaining("unknown hostile behaviour nope");
    }

    @Test
    void shouldTakeAHostileBehaviourOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> configured = http.send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/directories/evil"))
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"successRate\":1.0,\"hostile\":\"script-in-body\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(configured.statusCode()).isEqualTo(204);

        assertThat(submit("evil").bodyText()).contains("<script>");
    }

    private RawHttpClient.Answer submit(String site) {
        return submit(site, 16 * 1024 * 1024, QUICK);
    }

    private RawHttpClient.Answer submit(String site, int maxBodyBytes, Duration readFor) {
        try {
            return RawHttpClient.submit(sandbox, site, maxBodyBytes, readFor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertLocation(String site, String location) {
        RawHttpClient.Answer answer = submit(site);
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("Location")).hasValue(location);
    }

    private void assertError(String site, int status, String error) {
        RawHttpClient.Answer answer = submit(site);
        assertThat(answer.status()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asString()).isEqualTo("error");
        assertThat(body.get("error").asString()).isEqualTo(error);
    }
}
