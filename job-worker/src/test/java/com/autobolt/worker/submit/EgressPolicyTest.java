package com.autobolt.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final RawSite site = RawSite.answering(out -> {
        requests.incrementAndGet();
        out.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    });
    private final HttpFormSubmitter unlisted =
            new HttpFormSubmitter(Duration.ofSeconds(2), Duration.ofSeconds(3), 200, EgressPolicy.allowing(List.of()));

    @AfterEach
    void stop() {
        unlisted.close();
        site.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "fe80::1",
                "fd00::1",
                "::"
            })
    void shouldSeeInternalAddressesAsPointingInward(String address) throws UnknownHostException {
        assertThat(EgressPolicy.pointsInward(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:4700::1111"})
    void shouldSeePublicAddressesAsOutward(String address) throws UnknownHostException {
        assertThat(EgressPolicy.pointsInward(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void shouldRefusePlainHttpToAHostThatIsNotAllowListed() {
        SubmissionOutcome outcome = unlisted.submit(HostileAnswersTest.task(site.url()));

        assertEgressDenied(outcome);
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldRefuseOtherSchemes() {
        assertEgressDenied(unlisted.submit(HostileAnswersTest.task("ftp://files.example/upload")));
    }

    @Test
    void shouldRefuseAnInternalAddressAfterResolvingTheName() {
        // https passes the scheme rule; "localhost" is a name, refused for what it resolves to.
        String url = site.url().replace("http://127.0.0.1", "https://localhost");

        SubmissionOutcome outcome = unlisted.submit(HostileAnswersTest.task(url));

        assertEgressDenied(outcome);
        assertThat(((SubmissionOutcome.Permanent) outcome).reason()).contains("internal address");
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldRefuseAnInternalIpLiteral() {
        String url = site.url().replace("http://", "https://");

        assertEgressDenied(unlisted.submit(HostileAnswersTest.task(url)));
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldSubmitToAnAllowListedHostOverHttp() {
        HttpFormSubmitter allowing = new HttpFormSubmitter(
                Duration.ofSeconds(2), Duration.ofSeconds(3), 200, EgressPolicy.allowing(List.of(" 127.0.0.1 ")));
        try (allowing) {
            assertThat(allowing.submit(HostileAnswersTest.task(site.url())))
                    .isInstanceOf(SubmissionOutcome.Submitted.class);
        }
        assertThat(requests).hasValue(1);
    }

    private static void assertEgressDenied(SubmissionOutcome outcome) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SubmissionOutcome.Permanent.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo(HttpFormSubmitter.EGRESS_DENIED));
    }
}
