package com.autobolt.httpworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The person's loop, with scripted input, against the contract's server. */
class InteractiveWorkerTest {

    private final ContractServer server = newServer();
    private final Harness harness = new Harness(server);
    private final StringWriter shown = new StringWriter();

    @AfterEach
    void stop() {
        server.close();
    }

    private InteractiveWorker person(String typed) {
        return new InteractiveWorker(new BufferedReader(new StringReader(typed)), new PrintWriter(shown));
    }

    private UUID leaseOf(List<Map<String, Object>> tasks) {
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(leaseId, Instant.now().plusSeconds(300), tasks));
        return leaseId;
    }

    private static List<Map<String, Object>> threeTasks() {
        return List.of(
                Leases.task("demo-097", "https://demo-097.example/submit", true, false),
                Leases.task("demo-089", "https://demo-089.example/submit", false, true),
                Leases.task("demo-178", "https://demo-178.example/submit", false, true));
    }

    @Test
    void shouldShowEachTaskAndReportWhatThePersonAnswered() throws Exception {
        UUID leaseId = leaseOf(threeTasks());

        harness.loop(person("""
                        x
                        s
                        javascript:alert(1)
                        https://demo-097.example/listing/42
                        f

                        the form said the phone number is invalid
                        k
                        not a bakery directory
                        """), 10, 1).run();

        assertThat(server.calls(LeaseClient.UPDATE))
                .singleElement()
                .satisfies(update ->
                        assertThat(update.json()).isEqualTo(ContractServer.JSON.readTree("""
                        {"leaseId":"%s","results":[
                          {"directoryId":"demo-097","status":"submitted","listingUrl":"https://demo-097.example/listing/42"},
                          {"directoryId":"demo-089","status":"failed","errorCode":"rejected",
                           "reason":"the form said the phone number is invalid"},
                          {"directoryId":"demo-178","status":"skipped","errorCode":"not_applicable",
                           "reason":"not a bakery directory"}]}""".formatted(leaseId))));
        assertThat(server.calls(LeaseClient.COMPLETE))
                .singleElement()
                .satisfies(complete -> assertThat(complete.json())
                        .isEqualTo(ContractServer.JSON.readTree(
                                "{\"leaseId\":\"" + leaseId + "\",\"unfinished\":\"requeue\"}")));
        String screen = shown.toString();
        assertThat(screen)
                .contains("[1/3] Demo Directory demo-097  (demo-097, restaurants)")
                .contains("needs: a login")
                .contains("open:  https://demo-097.example/submit")
                .containsPattern("name: +Lakeside Bakery")
                .containsPattern("about: +Fresh bread every day")
                .contains("Type s, f, k or q.")
                .contains("Not a listing URL: not an absolute http or https URL. Try again.")
                .contains("A few words, please");
    }

    @Test
    void shouldRequeueWhatIsNotAnsweredWhenThePersonQuits() throws Exception {
        UUID leaseId = leaseOf(threeTasks());

        harness.loop(person("s\n\nq\n"), 10, 100).run();

        assertThat(server.calls(LeaseClient.UPDATE).get(0).json())
                .isEqualTo(ContractServer.JSON.readTree("{\"leaseId\":\"" + leaseId
                        + "\",\"results\":[{\"directoryId\":\"demo-097\",\"status\":\"submitted\"}]}"));
        assertThat(server.calls(LeaseClient.COMPLETE)).hasSize(1);
        assertThat(server.calls(LeaseClient.NEXT)).hasSize(1); // quit: no next lease
        assertThat(harness.waits).isEmpty();
    }

    @Test
    void shouldTakeTheEndOfTheInputAsQuit() throws Exception {
        leaseOf(threeTasks());

        harness.loop(person("k\n"), 10, 100).run();

        assertThat(server.calls(LeaseClient.UPDATE)).isEmpty();
        assertThat(server.calls(LeaseClient.COMPLETE)).hasSize(1);
        assertThat(shown.toString()).contains("Quitting");
    }

    @Test
    void shouldPrintNothingOfWhatTheServerSentRawToTheTerminal() throws Exception {
        Map<String, Object> hostile = new java.util.LinkedHashMap<>(
                Leases.task("demo-001", "https://demo-001.example/\u001b[2Jsubmit", false, false));
        hostile.put("name", "Evil\u001b]0;owned\u0007 Directory\u202egnp.exe\u0000\r\n\u009b31m");
        hostile.put("category", "\u001b[31mred\u001b[0m");
        hostile.put("fieldMapping", Map.of("businessName", "na\u001bme\u200b", "description", "about"));
        Map<String, Object> lease =
                Leases.lease(UUID.randomUUID(), Instant.now().plusSeconds(300), List.of(hostile));
        @SuppressWarnings("unchecked")
        Map<String, Object> business = (Map<String, Object>) lease.get("business");
        business.put("description", "line one\r\nline two\u001b[1A\u001b[2K\u0008\u007f\u2066hidden\u2069");
        server.queueLease(lease);
        server.queueNext(call -> ContractServer.Reply.problem(503, "down\u001b[2J\u0007 for maintenance"));

        harness.loop(person("q\n"), 10, 1).run();

        String screen = shown.toString() + harness.log();
        assertThat(screen.chars()
                        .filter(c ->
                                c != '\n' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)))
                .as("control and invisible formatting characters printed")
                .isEmpty();
        assertThat(screen).contains("Evil ]0;owned  Directory gnp.exe");
        assertThat(screen).contains("line one  line two [1A [2K");
    }

    private static ContractServer newServer() {
        try {
            return new ContractServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
