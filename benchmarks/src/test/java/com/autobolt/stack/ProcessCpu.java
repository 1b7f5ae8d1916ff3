package com.autobolt.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * CPU time of processes from {@code /proc/<pid>/stat}: user + system time of the process and of its
 * children that have exited and been waited for (so a PostgreSQL backend that ends within a round still
 * counts, in its postmaster's figures), in clock ticks.
 */
final class ProcessCpu {

    /** Linux's USER_HZ, which /proc reports in; 100 on every architecture Java runs on here. */
    static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** The summed CPU ticks of the given processes; one that has gone counts nothing. */
    static long ticks(Collection<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            total += ticks(pid);
        }
        return total;
    }

    static long ticks(long pid) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0;
        }
        // After the command's closing parenthesis: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        return Long.parseLong(fields[11])
                + Long.parseLong(fields[12])
                + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    /** The pid and every process whose parent it is (one level: PostgreSQL's backends and helpers). */
    static List<Long> withChildren(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long child = Long.parseLong(process.getFileName().toString());
                String[] fields = statFields(child);
                if (fields != null && Long.parseLong(fields[1]) == pid) {
                    pids.add(child);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name, or null if the process is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
