package com.autobolt.schemas;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code eventId} of the events this process writes: unique, and made without a lock or a system call.
 *
 * <p>{@code UUID.randomUUID()} draws 16 bytes from the JDK's {@code NativePRNG}, behind one lock for the
 * whole process and reading {@code /dev/urandom}: in a Flight Recorder profile of the end-to-end benchmark's
 * 0 ms round it was 5 % of a worker's CPU, its executors' threads taking turns at it for every result.
 * An event id needs to be unique, not unguessable. So each process draws 60 random bits once, for the high
 * half of its ids, and counts in the low half from a random start: ids of one process never repeat (2^62
 * of them before the counter wraps), and two processes share ids only if they drew the same 60 bits (for
 * a million process starts, about one chance in two million) and their counts then meet.
 *
 * <p>The ids are RFC 9562 version 8 (vendor-specific) UUIDs, which is what they are; the event contracts
 * ask for a UUID, of no particular version.
 */
public final class EventIds {

    private static final SecureRandom SEED = new SecureRandom();
    private static final long HIGH = (SEED.nextLong() & ~0xF000L) | 0x8000L; // version 8
    private static final AtomicLong LOW = new AtomicLong(SEED.nextLong());

    private EventIds() {}

    /** A new event id. */
    public static UUID next() {
        long low = (LOW.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // RFC variant
        return new UUID(HIGH, low);
    }
}
