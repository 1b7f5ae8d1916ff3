package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void shouldNeverRepeatAnIdAcrossThreads() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        int perThread = 50_000;
        List<Thread> threads = IntStream.range(0, 8)
                .mapToObj(i -> new Thread(() -> {
                    for (int n = 0; n < perThread; n++) {
                        ids.add(EventIds.next());
                    }
                }))
                .toList();
        threads.forEach(Thread::start);
        threads.forEach(EventIdsTest::join);

        assertThat(ids).hasSize(8 * perThread);
    }

    @Test
    void shouldBeVersion8UuidsOfTheRfcVariantThatReadBackAsTheContractsRequire() {
        UUID id = EventIds.next();

        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
