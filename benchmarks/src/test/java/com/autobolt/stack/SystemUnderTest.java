package com.autobolt.stack;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** One system of the end-to-end benchmark: its front door, its processes, and how its results are read. */
interface SystemUnderTest extends AutoCloseable {

    /** The name in the figures: {@code autobolt}, {@code jobrunr}, {@code dbscheduler}, {@code skiplocked}. */
    String name();

    /** Creates a job of the given directories for the customer through the system's own front door; its id. */
    String createJob(Customer customer, List<String> directoryIds);

    /** How many of the given jobs have ended (AutoBolt: a terminal status; a peer: every task recorded). */
    int ended(List<String> jobIds) throws SQLException;

    /**
     * Each job's problem, if its results or progress are not exact: every directory ended {@code submitted},
     * progress total = done = submitted = the directories, one result row per directory.
     */
    List<String> inexact(Map<String, Integer> directoriesByJob) throws SQLException;

    /**
     * Every process of the system whose CPU time counts for it (PostgreSQL apart), by what it is: the
     * pids of the process and of its descendants.
     */
    Map<String, List<Long>> processes();

    /** What the round's log says of the system beyond the figures (AutoBolt: how often each job row changed). */
    default String diagnostics(List<String> jobIds) throws SQLException {
        return "";
    }

    /** A customer as the benchmark makes it: AutoBolt's id for it (null for the peers) and its profile. */
    record Customer(String autoboltId, Map<String, Object> profile) {}
}
