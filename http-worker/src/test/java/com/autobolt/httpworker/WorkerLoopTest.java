package com.autobolt.httpworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.sandbox.DirectorySandbox;
import com.autobolt.sandbox.SiteBehaviour;
import com.autobolt.sandbox.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The loop and the automatic mode against the contract's server and a real directory sandbox. */
class WorkerLoopTest {

    private final ContractServer server = newServer();
    private final DirectorySandbox sandbox = DirectorySandbox.start(0);
    private final Harness harness = new Harness(server);

    @AfterEach
    void stop() {
        server.close();
        sandbox.close();
    }

    private AutoSubmitter auto() {
        return new AutoSubmitter(harness.http, Duration.ofSeconds(5), harness.log);
    }

    @Test
    void shouldSubmitEveryTaskToItsSiteAndReportAllResultsInOneUpdateThenComplete() throws Exception {
        sandbox.configure("demo-097", SiteBehaviour.ok().requiringPerson(true, false));
        sandbox.configure("demo-089", SiteBehaviour.ok().requiringPerson(false, true));
        sandbox.configure("demo-050", SiteBehaviour.ok().failingAlways(422));
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(
                leaseId,
                Instant.now().plusSeconds(300),
                List.of(
                        Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false),
                        Leases.task("demo-097", sandbox.submissionUrl("demo-097"), true, false),
                        Leases.task("demo-089", sandbox.submissionUrl("demo-089"), false, true),
                        Leases.task("demo-050", sandbox.submissionUrl("demo-050"), false, false))));

        harness.loop(auto(), 10, 1).run();

        assertThat(server.calls())
                .extracting(ContractServer.Call::path)
                .containsExactly(LeaseClient.NEXT, LeaseClient.UPDATE, LeaseClient.COMPLETE, LeaseClient.NEXT);
        ContractServer.Call next = server.calls().get(0);
        assertThat(next.method()).isEqualTo("POST");
        assertThat(next.query()).isEqualTo("maxTasks=10");
        assertThat(next.headers())
                .containsEntry("accept", LeaseClient.MEDIA_TYPE)
                .containsEntry("x-api-key", Harness.KEY);
        ContractServer.Call update = server.calls(LeaseClient.UPDATE).get(0);
        assertThat(update.headers())
                .containsEntry("content-type", LeaseClient.MEDIA_TYPE)
                .containsEntry("accept", LeaseClient.MEDIA_TYPE);
        String listings = sandbox.baseUrl() + "/listings/";
        assertThat(update.json()).isEqualTo(ContractServer.JSON.readTree("""
                        {"leaseId":"%1$s","results":[
                          {"directoryId":"demo-001","status":"submitted","listingUrl":"%2$sdemo-001/1"},
                          {"directoryId":"demo-097","status":"submitted","listingUrl":"%2$sdemo-097/2"},
                          {"directoryId":"demo-089","status":"submitted","listingUrl":"%2$sdemo-089/3"},
                          {"directoryId":"demo-050","status":"failed","errorCode":"http_422",
                           "reason":"site answered 422: simulated"}]}""".formatted(leaseId, listings)));
        assertThat(server.calls(LeaseClient.COMPLETE).get(0).json())
                .isEqualTo(
                        ContractServer.JSON.readTree("{\"leaseId\":\"" + leaseId + "\",\"unfinished\":\"requeue\"}"));
        assertThat(sandbox.submissions())
                .extracting(Submission::idempotencyKey)
                .containsExactly(
                        Leases.taskId("demo-001"),
                        Leases.taskId("demo-097"),
                        Leases.taskId("demo-089"),
                        Leases.taskId("demo-050"));
        // In the profile fields' order, as job-worker sends a form.
        assertThat(sandbox.submissions().get(0).body())
                .isEqualTo("name=Lakeside+Bakery&city=Springfield&about=Fresh+bread+every+day"
                        + "&email=hello%40lakeside.example&phone=555-0100&url=https%3A%2F%2Flakeside.example");
    }

    @Test
    void shouldSendTheSandboxesLoginAndCaptchaHeadersAsTheSandboxNamesThem() {
        assertThat(AutoSubmitter.LOGIN_HEADER).isEqualTo(DirectorySandbox.LOGIN_HEADER);
        assertThat(AutoSubmitter.LOGIN_DONE).isEqualTo(DirectorySandbox.LOGIN_DONE);
        assertThat(AutoSubmitter.CAPTCHA_HEADER).isEqualTo(DirectorySandbox.CAPTCHA_HEADER);
        assertThat(AutoSubmitter.CAPTCHA_SOLVED).isEqualTo(DirectorySandbox.CAPTCHA_SOLVED);
    }

    @Test
    void shouldReportWhatASiteSaidWhenItRefusedOrAnsweredNothing() throws Exception {
        sandbox.configure("rejects", SiteBehaviour.ok().rejectingInBody());
        sandbox.configure("hangs", SiteBehaviour.ok().hanging(5_000));
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(
                leaseId,
                Instant.now().plusSeconds(300),
                List.of(
                        Leases.task("rejects", sandbox.submissionUrl("rejects"), false, false),
                        Leases.task("hangs", sandbox.submissionUrl("hangs"), false, false),
                        Leases.task("not-web", "ftp://127.0.0.1/x", false, false))));

        harness.loop(new AutoSubmitter(harness.http, Duration.ofMillis(500), harness.log), 10, 1)
                .run();

        JsonNode results = server.calls(LeaseClient.UPDATE).get(0).json().get("results");
        assertThat(results.get(0).get("errorCode").stringValue()).isEqualTo("rejected");
        assertThat(results.get(0).get("reason").stringValue())
                .isEqualTo("site rejected the listing: duplicate listing");
        assertThat(results.get(1).get("status").stringValue()).isEqualTo("failed");
        assertThat(results.get(1).get("errorCode").stringValue()).isEqualTo("timeout");
        assertThat(results.get(2).get("errorCode").stringValue()).isEqualTo("invalid_submission_url");
    }

    @Test
    void shouldBackOffWhileNothingWaits() throws Exception {
        harness.loop(auto(), 10, 7).run();

        assertThat(harness.waits)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        assertThat(server.calls(LeaseClient.NEXT)).hasSize(7);
    }

    @Test
    void shouldWaitAtLeastAsLongAsA429Asks() throws Exception {
        server.queueNext(call -> new ContractServer.Reply(429, Map.of("Retry-After", "7"), ""));

        harness.loop(auto(), 10, 1).run();

        assertThat(harness.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(harness.log()).contains("maximum of leases (429)");
    }

    @Test
    void shouldSayOnceThatJobApiDoesNotServeTheLeasePathsAndAskSlowly() throws Exception {
        server.queueNext(call -> ContractServer.Reply.problem(404, "no such path"));
        server.queueNext(call -> new ContractServer.Reply(405, Map.of(), ""));
        // What job-api on main answers: it refuses every path it does not know, to any key.
        server.queueNext(call -> ContractServer.Reply.problem(403, "Access Denied"));

        harness.loop(auto(), 10, 3).run();

        assertThat(harness.waits).containsOnly(WorkerLoop.NOT_SERVED_WAIT).hasSize(3);
        assertThat(harness.log().split("does not serve", -1)).hasSize(2);
    }

    @Test
    void shouldDropALeaseJobApiNoLongerKnowsAndGoOnWithTheNext() throws Exception {
        UUID lost = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        server.queueLease(Leases.lease(
                lost,
                Instant.now().plusSeconds(300),
                List.of(Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false))));
        server.queueLease(Leases.lease(
                kept,
                Instant.now().plusSeconds(300),
                List.of(Leases.task("demo-002", sandbox.submissionUrl("demo-002"), false, false))));
        server.queueUpdate(call -> ContractServer.Reply.problem(409, "the lease has expired"));

        harness.loop(auto(), 10, 1).run();

        assertThat(server.calls(LeaseClient.UPDATE))
                .extracting(call -> call.json().get("leaseId").stringValue())
                .containsExactly(lost.toString(), kept.toString());
        assertThat(server.calls(LeaseClient.COMPLETE))
                .extracting(call -> call.json().get("leaseId").stringValue())
                .containsExactly(kept.toString());
        assertThat(harness.log()).contains("lease " + lost + " dropped: update refused (409): the lease has expired");
    }

    @Test
    void shouldKeepALongLeaseAliveWithHeartbeatsWhileWorking() throws Exception {
        sandbox.configureDefault(SiteBehaviour.ok().withLatency(700));
        server.leaseLength(Duration.ofMillis(900));
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(
                leaseId,
                Instant.now().plusMillis(900),
                List.of(
                        Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false),
                        Leases.task("demo-002", sandbox.submissionUrl("demo-002"), false, false))));

        harness.loop(auto(), 10, 1).run();

        List<ContractServer.Call> updates = server.calls(LeaseClient.UPDATE);
        assertThat(updates.size()).isGreaterThanOrEqualTo(3);
        assertThat(updates.subList(0, updates.size() - 1))
                .allSatisfy(beat -> assertThat(beat.json())
                        .isEqualTo(ContractServer.JSON.readTree("{\"leaseId\":\"" + leaseId + "\",\"results\":[]}")));
        assertThat(updates.get(updates.size() - 1).json().get("results")).hasSize(2);
    }

    @Test
    void shouldStopWorkingALeaseAHeartbeatFoundLostAndReportNothing() throws Exception {
        sandbox.configureDefault(SiteBehaviour.ok().withLatency(600));
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(
                leaseId,
                Instant.now().plusMillis(600),
                List.of(
                        Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false),
                        Leases.task("demo-002", sandbox.submissionUrl("demo-002"), false, false),
                        Leases.task("demo-003", sandbox.submissionUrl("demo-003"), false, false))));
        server.queueUpdate(call -> ContractServer.Reply.problem(409, "the lease has expired"));

        harness.loop(auto(), 10, 1).run();

        assertThat(sandbox.submissions()).hasSize(1);
        assertThat(server.calls(LeaseClient.UPDATE)).hasSize(1);
        assertThat(server.calls(LeaseClient.COMPLETE)).isEmpty();
        assertThat(harness.log()).contains("was lost while working");
    }

    @Test
    void shouldWorkNoMoreTasksThanItAskedFor() throws Exception {
        UUID leaseId = UUID.randomUUID();
        server.queueLease(Leases.lease(
                leaseId,
                Instant.now().plusSeconds(300),
                List.of(
                        Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false),
                        Leases.task("demo-002", sandbox.submissionUrl("demo-002"), false, false),
                        Leases.task("demo-003", sandbox.submissionUrl("demo-003"), false, false))));

        harness.loop(auto(), 2, 1).run();

        assertThat(server.calls(LeaseClient.NEXT).get(0).query()).isEqualTo("maxTasks=2");
        assertThat(sandbox.submissions()).hasSize(2);
        assertThat(harness.log()).contains("task 3: more than the 2 tasks asked for");
    }

    @Test
    void shouldStopWhenJobApiRefusesTheKeyOnAReport() throws Exception {
        server.queueLease(Leases.lease(
                UUID.randomUUID(),
                Instant.now().plusSeconds(300),
                List.of(Leases.task("demo-001", sandbox.submissionUrl("demo-001"), false, false))));
        server.queueUpdate(call -> ContractServer.Reply.problem(403, "Access Denied"));

        assertThatThrownBy(() -> harness.loop(auto(), 10, 1).run())
                .isInstanceOf(LeaseClient.RefusedException.class)
                .hasMessageContaining("refused the worker key (403)");
    }

    @Test
    void shouldStopWhenJobApiRefusesTheKey() {
        server.queueNext(call -> ContractServer.Reply.problem(401, "unknown API key"));

        assertThatThrownBy(() -> harness.loop(auto(), 10, 1).run())
                .isInstanceOf(LeaseClient.RefusedException.class)
                .hasMessageContaining("refused the worker key (401)");
    }

    @Test
    void shouldBackOffWhenJobApiIsAway() throws Exception {
        server.close();

        harness.loop(auto(), 10, 2).run();

        assertThat(harness.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(harness.log()).contains("could not lease");
    }

    private static ContractServer newServer() {
        try {
            return new ContractServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
