package com.autobolt.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void shouldReplaceAThreadThatDiedOfTheBrokersTroubleWhereverItIsInTheCauses() {
        StreamRecovery recovery = new StreamRecovery();

        assertThat(recovery.onThreadFailure(new StreamsException("commit failed", new TimeoutException("EndTxn")), T0))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(recovery.onThreadFailure(
                        new StreamsException(new StreamsException(new OutOfOrderSequenceException("seq"))), T0))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(recovery.onThreadFailure(new ProducerFencedException("fenced"), T0))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheClientOnABugARefusedPermissionOrAMissingTopic() {
        StreamRecovery recovery = new StreamRecovery();

        assertThat(recovery.onThreadFailure(
                        new StreamsException("Exception caught in process", new NullPointerException()), T0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(recovery.onThreadFailure(
                        new StreamsException(new TopicAuthorizationException("autobolt.directory-results")), T0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(recovery.onThreadFailure(new MissingSourceTopicException("gone"), T0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(recovery.onThreadFailure(new OutOfMemoryError(), T0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldStopTheClientWhenThreadsKeepDyingFasterThanTheBudgetAllows() {
        StreamRecovery recovery = new StreamRecovery();
        Throwable brokers = new StreamsException(new NotEnoughReplicasException("min ISR"));

        for (int i = 0; i < StreamRecovery.REPLACEMENTS_PER_MINUTE; i++) {
            assertThat(recovery.onThreadFailure(brokers, T0.plusSeconds(i)))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(recovery.onThreadFailure(brokers, T0.plusSeconds(10)))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(recovery.onThreadFailure(brokers, T0.plusSeconds(61)))
                .as("a minute after the first replacements, some budget again")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldDoubleTheRestartDelayWhileFailuresFollowEachOtherAndStartOverAfterAQuietSpell() {
        StreamRecovery recovery = new StreamRecovery();

        Instant now = T0;
        Duration first = recovery.nextRestartDelay(now);
        Duration second = recovery.nextRestartDelay(now = now.plus(first).plusSeconds(1));
        Duration third = recovery.nextRestartDelay(now = now.plus(second).plusSeconds(1));
        assertThat(first).isEqualTo(StreamRecovery.FIRST_RESTART);
        assertThat(second).isEqualTo(first.multipliedBy(2));
        assertThat(third).isEqualTo(first.multipliedBy(4));
        for (int i = 0; i < 20; i++) {
            now = now.plus(recovery.nextRestartDelay(now)).plusSeconds(1);
        }
        assertThat(recovery.nextRestartDelay(now)).isEqualTo(StreamRecovery.LONGEST_RESTART);

        Instant later = now.plus(StreamRecovery.LONGEST_RESTART)
                .plus(StreamRecovery.QUIET)
                .plusSeconds(1);
        assertThat(recovery.nextRestartDelay(later)).isEqualTo(StreamRecovery.FIRST_RESTART);
    }
}
