package com.autobolt.testinfra.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown leads to a file or folder of the repository: a
 * clone explains itself, so no document may point at something missing or outside it.
 */
class MarkdownLinksTest {

    // [text](target) and ![alt](target); the target ends at whitespace or the closing parenthesis.
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", ".autobolt");

    @Test
    void shouldFindEveryRelativeLinkInsideTheRepository() throws IOException {
        Path root = RepositoryRoot.find();
        List<String> broken = new ArrayList<>();
        for (Path markdown : markdownFiles(root)) {
            Matcher link = LINK.matcher(Files.readString(markdown));
            while (link.find()) {
                String problem = problem(root, markdown, link.group(1));
                if (problem != null) {
                    broken.add(root.relativize(markdown) + ": " + link.group(1) + " (" + problem + ")");
                }
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void shouldNoticeABrokenLink() throws IOException {
        Path root = RepositoryRoot.find();
        Path readme = root.resolve("README.md");

        assertThat(problem(root, readme, "docs/no-such-file.md")).isEqualTo("missing");
        assertThat(problem(root, readme, "../shared/DESIGN.md")).isEqualTo("outside the repository");
        assertThat(problem(root, readme, "docs/design.md#guarantees")).isNull();
        assertThat(problem(root, readme, "https://example.com/x")).isNull();
    }

    /** Why this link target is broken, or null when it is fine or not a file link. */
    static String problem(Path root, Path from, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
            return null; // a URL (http:, mailto:) or an anchor in the same file
        }
        String path = target.replaceFirst("[#?].*$", "");
        Path resolved = from.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return "outside the repository";
        }
        return Files.exists(resolved) ? null : "missing";
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".md"))
                    .filter(path ->
                            root.relativize(path).toString().isEmpty() || !containsSkippedFolder(root.relativize(path)))
                    .toList();
        }
    }

    private static boolean containsSkippedFolder(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
