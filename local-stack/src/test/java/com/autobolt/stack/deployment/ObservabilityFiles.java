package com.autobolt.stack.deployment;

import com.autobolt.testinfra.RepositoryRoot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's observability files in {@code deploy/observability}: the Grafana dashboard's queries,
 * the alert rules' expressions, the metric names both use, and the Prometheus binaries that check them.
 * Public for the whole-stack test that loads them into a real Prometheus.
 */
public final class ObservabilityFiles {

    public static final Path DIRECTORY = RepositoryRoot.find().resolve("deploy/observability");
    public static final Path DASHBOARD = DIRECTORY.resolve("autobolt-dashboard.json");
    public static final Path RULES = DIRECTORY.resolve("alert-rules.yml");
    public static final Path PROMETHEUS_CONFIG = DIRECTORY.resolve("prometheus.yml");

    /** Prometheus's own series, not a service's: documented in docs/metrics.md, never in a scrape. */
    public static final String UP = "up";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    // An identifier that is not part of a number or a longer name, and not a function (a call).
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "inf",
            "nan",
            "atan2");
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(?:bucket|count|sum)$");

    private ObservabilityFiles() {}

    public static JsonNode dashboard() {
        return JSON.readTree(Repository.read(DASHBOARD));
    }

    /** Every panel that is not a row, nested ones (in a collapsed row) included. */
    public static List<JsonNode> dashboardPanels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Each dashboard query, by its panel's title and its refId. */
    public static Map<String, String> dashboardQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboardPanels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(
                        panel.path("title").asString() + " / "
                                + target.path("refId").asString(),
                        target.path("expr").asString());
            }
        }
        return queries;
    }

    /** The alerting rules of every group, as the YAML has them. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rules() {
        Map<String, Object> file = new Yaml().load(Repository.read(RULES));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : Repository.list(file, "groups")) {
            for (Object rule : Repository.list(group, "rules")) {
                rules.add((Map<String, Object>) rule);
            }
        }
        return rules;
    }

    /** Each alert's expression by the alert's name. */
    public static Map<String, String> ruleExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules()) {
            expressions.put(Repository.string(rule, "alert"), Repository.string(rule, "expr"));
        }
        return expressions;
    }

    /**
     * The metric names a PromQL expression reads, as docs/metrics.md names them: a histogram's
     * {@code _bucket}, {@code _count} and {@code _sum} series are its one name. A tokenizer, not a
     * parser: strings, label matchers, ranges and grouping labels are dropped, then every identifier that
     * is neither a keyword nor a function call is a metric.
     */
    public static Set<String> metricNames(String promql) {
        String stripped = STRING.matcher(promql).replaceAll(" ");
        stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGE.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(HISTOGRAM_SERIES.matcher(name).replaceFirst(""));
            }
        }
        return names;
    }

    /** Every metric the dashboard and the alert rules read. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        dashboardQueries().values().forEach(query -> names.addAll(metricNames(query)));
        ruleExpressions().values().forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /**
     * The executable {@code name} on the PATH (Debian's package {@code prometheus} installs {@code
     * prometheus} and {@code promtool}). Missing, it fails the test in CI ({@code CI=true}, where
     * {@code .ci/run} installs it) and skips it elsewhere.
     */
    public static Path requireBinary(String name) {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> Arrays.stream(path.split(File.pathSeparator)))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
        String missing = name + " is not on the PATH: install Debian's package prometheus"
                + " (apt-get install -y prometheus), as .ci/run does";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing);
        }
        Assumptions.assumeTrue(found.isPresent(), missing);
        return found.get();
    }
}
