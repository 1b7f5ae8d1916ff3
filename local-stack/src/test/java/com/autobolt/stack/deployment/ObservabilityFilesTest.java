package com.autobolt.stack.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.testinfra.RepositoryRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard and the alert rules of {@code deploy/observability} read only metrics that
 * docs/metrics.md documents (the contract the services keep), the dashboard is a valid JSON model whose
 * every panel queries the {@code ${DS_PROMETHEUS}} data source, and every alert has a duration, a
 * severity, a summary and a runbook. The whole-stack ObservabilityIT then shows them against the
 * running services; {@code PromtoolTest} has Prometheus's own checker read them.
 */
class ObservabilityFilesTest {

    private static final String DATASOURCE = "${DS_PROMETHEUS}";
    private static final Pattern DOCUMENTED_NAME = Pattern.compile("`([a-z_:][a-z0-9_:]*)`");

    @Test
    void shouldReadOnlyMetricsThatDocsMetricsDocuments() {
        Set<String> documented = documentedNames();
        Set<String> used = ObservabilityFiles.metricNames();

        assertThat(used)
                .as("metrics read by the dashboard and the alert rules")
                .contains(
                        "autobolt_jobs",
                        "autobolt_jobs_stalled",
                        "autobolt_worker_submission_duration_seconds",
                        "kafka_consumer_fetch_manager_records_lag",
                        "http_server_requests_seconds",
                        ObservabilityFiles.UP);
        assertThat(documented).as("names in backquotes in docs/metrics.md").containsAll(used);
    }

    @Test
    void shouldFindTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(ObservabilityFiles.metricNames("topk(10, histogram_quantile(0.95, sum by (le, directory) (rate("
                        + "autobolt_worker_submission_duration_seconds_bucket{job=~\"a-.*\", x=\"y(z)\"}[5m]))))"
                        + " > 1e3 and on (directory) max without (instance) (up offset 10m) == bool 2"
                        + " or vector(0) unless count(my_total:rate5m)"))
                .containsExactlyInAnyOrder("autobolt_worker_submission_duration_seconds", "up", "my_total:rate5m");
    }

    @Test
    void shouldBeAValidDashboardWhoseEveryPanelQueriesTheDataSourceInput() {
        JsonNode dashboard = ObservabilityFiles.dashboard();
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        List<String> inputs = new ArrayList<>();
        dashboard
                .path("__inputs")
                .forEach(input -> inputs.add(input.path("name").asString()));
        assertThat(inputs).as("the dashboard's inputs").contains("DS_PROMETHEUS");

        List<JsonNode> panels = ObservabilityFiles.dashboardPanels();
        assertThat(panels).hasSizeGreaterThan(20);
        assertThat(panels.stream().map(panel -> panel.path("id").asInt()).collect(Collectors.toSet()))
                .as("panel ids are unique")
                .hasSameSizeAs(panels);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString();
            assertThat(title).as("a panel's title").isNotBlank();
            assertThat(panel.path("datasource").path("uid").asString())
                    .as(title)
                    .isEqualTo(DATASOURCE);
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
            assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty())
                    .as("%s has a query", title)
                    .isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as(title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asString())
                        .as(title)
                        .isEqualTo(DATASOURCE);
            }
        }
    }

    @Test
    void shouldGiveEveryAlertADurationASeverityASummaryAndARunbook() {
        List<Map<String, Object>> rules = ObservabilityFiles.rules();
        assertThat(rules)
                .extracting(rule -> Repository.string(rule, "alert"))
                .contains(
                        "AutoBoltServiceDown",
                        "AutoBoltConsumerLagGrowing",
                        "AutoBoltBreakerOpenLong",
                        "AutoBoltDeadLetters",
                        "AutoBoltSlotWalRetained",
                        "AutoBoltReconcilerRepairs",
                        "AutoBoltReconcilerFailing",
                        "AutoBoltJobStalled")
                .doesNotHaveDuplicates();
        for (Map<String, Object> rule : rules) {
            String alert = Repository.string(rule, "alert");
            assertThat(Repository.string(rule, "expr")).as(alert).isNotBlank();
            assertThat(Repository.string(rule, "for")).as("%s: for", alert).matches("\\d+[smh]");
            assertThat(Repository.string(Repository.map(rule, "labels"), "severity"))
                    .as("%s: severity", alert)
                    .isIn("warning", "critical");
            Map<String, Object> annotations = Repository.map(rule, "annotations");
            assertThat(Repository.string(annotations, "summary"))
                    .as("%s: summary", alert)
                    .isNotBlank();
            assertThat(Repository.string(annotations, "runbook"))
                    .as("%s: runbook, one line", alert)
                    .isNotBlank()
                    .doesNotContain("\n");
        }
    }

    private static Set<String> documentedNames() {
        String metrics = Repository.read(RepositoryRoot.find().resolve("docs/metrics.md"));
        Matcher name = DOCUMENTED_NAME.matcher(metrics);
        Set<String> names = new TreeSet<>();
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}
