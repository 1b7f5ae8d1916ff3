package com.autobolt.testinfra;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the folder above the current module that holds the Maven wrapper. */
public final class RepositoryRoot {

    private RepositoryRoot() {}

    public static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with mvnw) above " + start);
    }
}
