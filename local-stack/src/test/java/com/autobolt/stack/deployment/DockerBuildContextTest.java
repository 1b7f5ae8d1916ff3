package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile copies the whole build context into its build stage ({@code COPY . .}); .dockerignore
 * keeps out the local stack's data (its demo API keys among it), build output, the git history and any
 * secret file, and keeps in all the build needs.
 */
class DockerBuildContextTest {

    private final Path root = RepositoryRoot.find();
    private final List<Pattern> patterns = patterns(Repository.read(root.resolve(".dockerignore")));

    /** One line of .dockerignore; a leading {@code !} keeps again what an earlier line excluded. */
    private record Pattern(PathMatcher matcher, boolean keep) {}

    @Test
    void shouldKeepLocalDataBuildOutputHistoryAndSecretsOutOfTheImageBuild() {
        // .autobolt is where ./autobolt up keeps PostgreSQL's and Kafka's data, the logs and the demo keys.
        assertThat(List.of(
                        ".autobolt/keys.properties",
                        ".autobolt/data/postgres/data/PG_VERSION",
                        "target/classes/x.class",
                        "job-api/target/job-api-0.1.0-SNAPSHOT.jar",
                        ".git/HEAD",
                        ".env",
                        "production.env",
                        "deploy/kubernetes/.env",
                        "deploy/kubernetes/kafka-client.key",
                        "deploy/kubernetes/truststore.p12",
                        "deploy/secrets/db-password"))
                .allSatisfy(path -> assertThat(excluded(path)).as(path).isTrue());
    }

    @Test
    void shouldKeepEverythingTheBuildNeeds() throws IOException {
        List<String> needed = new ArrayList<>(List.of("mvnw", "pom.xml"));
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(path -> path.startsWith(".mvn/")
                            || path.matches("[^/]+/pom\\.xml")
                            || path.matches("[^/]+/src/main/.*"))
                    .filter(path -> !path.contains("/target/"))
                    .forEach(needed::add);
        }

        assertThat(needed).hasSizeGreaterThan(50).noneMatch(this::excluded);
    }

    @Test
    void shouldLetTheServiceReceiveSigtermItself() {
        String dockerfile = Repository.read(root.resolve("Dockerfile"));

        assertThat(dockerfile).contains("COPY . .");
        // Exec form: java is process 1 and gets SIGTERM, so it drains within the grace period; a shell
        // in between would not pass it on, and the service would be killed when the grace period ends.
        assertThat(dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("ENTRYPOINT [\"java\""));
    }

    @Test
    void shouldMatchAsDockerDoes() {
        List<Pattern> sample = patterns("**/target\n.autobolt\n*.env\n!keep.env\n");
        Set<String> excluded = Set.of("target", "a/b/target/c", ".autobolt/x/y", "x.env");
        Set<String> kept = Set.of("keep.env", "src/targets", "autobolt", "a/x.env");

        assertThat(excluded).allMatch(path -> excluded(sample, path));
        assertThat(kept).noneMatch(path -> excluded(sample, path));
    }

    private boolean excluded(String path) {
        return excluded(patterns, path);
    }

    /**
     * Docker's rule: the last line matching the path, or a folder above it, decides; {@code **} matches
     * any number of folders, none included.
     */
    private static boolean excluded(List<Pattern> patterns, String path) {
        boolean excluded = false;
        for (Pattern pattern : patterns) {
            Path candidate = Path.of(path);
            while (candidate != null) {
                if (pattern.matcher().matches(candidate)) {
                    excluded = !pattern.keep();
                    break;
                }
                candidate = candidate.getParent();
            }
        }
        return excluded;
    }

    private static List<Pattern> patterns(String dockerignore) {
        return dockerignore
                .lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> {
                    boolean keep = line.startsWith("!");
                    String glob = keep ? line.substring(1) : line;
                    // Java's ** needs a folder before the slash; Docker's also matches none.
                    String either = glob.startsWith("**/") ? "{" + glob + "," + glob.substring(3) + "}" : glob;
                    return new Pattern(FileSystems.getDefault().getPathMatcher("glob:" + either), keep);
                })
                .toList();
    }
}
