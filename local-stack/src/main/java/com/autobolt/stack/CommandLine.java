package com.autobolt.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code ./autobolt} was asked: {@code up} or {@code demo}, the stack's settings, and the
 * demo's packages ({@code --packages=starter,growth,...}; all four by default).
 */
record CommandLine(boolean demo, StackSettings settings, List<String> packages) {

    static final String USAGE = "usage: ./autobolt up|demo [--fresh] [--dir=PATH] [--brokers=1|3] [--workers=N]"
            + " [--projectors=N] [--packages=starter,growth,...]";

    static CommandLine parse(String[] args, Function<String, String> env) {
        if (args.length == 0 || !(args[0].equals("up") || args[0].equals("demo"))) {
            throw new StackException(USAGE);
        }
        boolean demo = args[0].equals("demo");
        List<String> packages = Demo.PACKAGES;
        List<String> stackArguments = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            if (arg.startsWith("--packages=")) {
                packages = packages(arg.substring("--packages=".length()));
            } else {
                stackArguments.add(arg);
            }
        }
        if (!demo && packages != Demo.PACKAGES) {
            throw new StackException("--packages is an option of ./autobolt demo; " + USAGE);
        }
        return new CommandLine(
                demo, StackSettings.fromCommandLine(stackArguments.toArray(String[]::new), env), packages);
    }

    private static List<String> packages(String list) {
        List<String> packages = List.of(list.split(","));
        for (String packageType : packages) {
            if (!Demo.PACKAGES.contains(packageType)) {
                throw new StackException("unknown package '" + packageType + "' in --packages; one or more of "
                        + String.join(",", Demo.PACKAGES));
            }
        }
        return packages;
    }
}
