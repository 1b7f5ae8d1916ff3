package com.autobolt.nemesis;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The soak's command line: {@code [--minutes=30] [--seed=N] [--faults=kill,pause,postgres,latency,drop,kafka-latency,kafka-drop]
 * [--workers=2] [--projectors=2]}. Without a seed one is drawn and printed, so that the run can be replayed.
 *
 * @param faultTime how long faults are injected (the load runs as long); the quiet wait and the check follow
 */
record SoakOptions(Duration faultTime, long seed, Set<FaultKind> faults, int workers, int projectors) {

    static final String USAGE = "usage: ./autobolt soak [--minutes=30] [--seed=N]"
            + " [--faults=kill,pause,postgres,latency,drop,kafka-latency,kafka-drop] [--workers=2] [--projectors=2]";

    static SoakOptions parse(String[] args, long drawnSeed) {
        Duration faultTime = Duration.ofMinutes(30);
        long seed = drawnSeed;
        Set<FaultKind> faults = EnumSet.allOf(FaultKind.class);
        int workers = 2;
        int projectors = 2;
        for (String arg : args) {
            if (arg.startsWith("--minutes=")) {
                double minutes = number(arg, "--minutes=");
                if (minutes < 1 || minutes > 24 * 60) {
                    throw new IllegalArgumentException("--minutes must be from 1 to 1440, was " + minutes);
                }
                faultTime = Duration.ofSeconds(Math.round(minutes * 60));
            } else if (arg.startsWith("--seed=")) {
                seed = (long) number(arg, "--seed=");
            } else if (arg.startsWith("--faults=")) {
                faults = EnumSet.noneOf(FaultKind.class);
                for (String name : arg.substring("--faults=".length()).split(",")) {
                    faults.add(FaultKind.named(name.trim().toLowerCase(Locale.ROOT)));
                }
            } else if (arg.startsWith("--workers=")) {
                workers = (int) number(arg, "--workers=");
            } else if (arg.startsWith("--projectors=")) {
                projectors = (int) number(arg, "--projectors=");
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
            }
        }
        if (workers < 2 || projectors < 1 || workers > 6 || projectors > 6) {
            throw new IllegalArgumentException(
                    "--workers must be 2-6 (a killed worker's tasks need another one)," + " --projectors 1-6");
        }
        return new SoakOptions(faultTime, seed, faults, workers, projectors);
    }

    private static double number(String arg, String option) {
        String value = arg.substring(option.length());
        try {
            return option.equals("--seed=") ? Long.parseLong(value) : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, was '" + value + "'");
        }
    }
}
