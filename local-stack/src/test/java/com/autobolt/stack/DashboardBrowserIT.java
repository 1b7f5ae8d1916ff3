package com.autobolt.stack;

import static com.autobolt.stack.DashboardPage.eventually;
import static com.autobolt.stack.StackTestSupport.jobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.sandbox.Hostility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * The real dashboard in headless Chromium against the real stack (started as {@code ./autobolt up}
 * starts it; the shared one of {@link TestStacks#shared()}): sign in, create a job, watch its bar reach 100 % live, read its detail, retry it,
 * cancel another, a viewer sees no buttons, a list longer than a page shows the rest on request, text
 * and URLs from hostile directory sites stay text, and the OpenAPI UI works under its
 * Content-Security-Policy (the dashboard and the UI report no violation of theirs), and the operations
 * view shows staff the last hour (a viewer is not offered it).
 * Saves a screenshot with several jobs in progress to {@code target/dashboard.png}, and also to
 * {@code -Dautobolt.dashboard.screenshot=PATH} when given; of the operations view likewise
 * ({@code target/operations-view.png}, {@code -Dautobolt.operations.screenshot=PATH}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@Order(TestStacks.SHARED_STACK_ORDER)
class DashboardBrowserIT {

    /**
     * Demo category whose starter plan holds four directories that always answer 422 and one that
     * rejects in the body (see {@link DemoCatalog#behaviour}) and none that hangs: its jobs end
     * {@code failed} within a minute or two, so they can be retried.
     */
    private static final String FAILING_CATEGORY = "health";

    private static final String SCREENSHOT_PROPERTY = "autobolt.dashboard.screenshot";
    private static final String OPERATIONS_SCREENSHOT_PROPERTY = "autobolt.operations.screenshot";

    private LocalStack stack;
    private ChromeDriver driver;
    private DashboardPage page;
    private ApiClient staff;
    private String failedJobId;

    @BeforeAll
    void startStackAndBrowser() {
        HeadlessChromium.requireInstalled(); // fail fast, before minutes of stack start
        stack = TestStacks.shared();
        staff = new ApiClient(stack.apiBaseUrl(), stack.keys().staff());
        driver = HeadlessChromium.start();
        page = new DashboardPage(driver, stack.apiBaseUrl() + "/");
    }

    @AfterAll
    void stopTheBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void shouldServeTheDashboardWithoutAKeyButNoDataWithoutOne() {
        assertThat(new ApiClient(stack.apiBaseUrl(), "").get("/api/jobs").status())
                .isEqualTo(401);
        page.open();
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(driver.findElement(By.id("api-key")).isDisplayed())
                        .isTrue());
        assertThat(driver.getTitle()).contains("AutoBolt");

        driver.findElement(By.id("api-key")).sendKeys("not-a-key-of-this-stack");
        driver.findElement(By.id("signin-button")).click();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(driver.findElement(By.id("signin-error")).getText())
                        .contains("Unknown API key"));
    }

    @Test
    @Order(2)
    void shouldParseTheEventStreamFormatAcrossChunkBoundaries() {
        page.open();
        Object parsed = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/sse.js').then(({EventStreamParser}) => {
                  const events = [];
                  const parser = new EventStreamParser(e => events.push(e));
                  // Chunks split inside a field name, between \\r and \\n, and inside a value.
                  for (const chunk of [': keep-alive\\n\\nid: 7\\nev', 'ent: ready\\r', '\\ndata: {}\\r\\n\\r\\n',
                      'id: 8\\nevent: job\\ndata: {"a":\\ndata:  1}\\n', '\\n:ping\\n\\ndata: x\\n\\n']) {
                    parser.push(chunk);
                  }
                  done(JSON.stringify(events));
                }).catch(e => done('error: ' + e));
                """);
        assertThat(parsed)
                .isEqualTo("[{\"id\":\"7\",\"event\":\"ready\",\"data\":\"{}\"},"
                        + "{\"id\":\"8\",\"event\":\"job\",\"data\":\"{\\\"a\\\":\\n 1}\"},"
                        + "{\"id\":\"8\",\"event\":\"message\",\"data\":\"x\"}]");
    }

    @Test
    @Order(3)
    void shouldCreateAJobWatchItReachOneHundredPercentLiveAndRetryIt() {
        page.open();
        page.signIn(stack.keys().staff());
        assertThat(page.role()).isEqualTo("staff");

        // From here on only the event stream can move the bar: nothing polls, nothing reloads.
        eventually(Duration.ofSeconds(60), () -> assertThat(page.liveState()).isEqualTo("live"));
        page.recordChanges();

        String customer = "Browser Test Clinic";
        page.createJobForNewCustomer(customer, "desk@browser-test-clinic.example.com", FAILING_CATEGORY, "starter", 2);
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(page.jobIdOfCustomer(customer)).isNotBlank());
        String jobId = page.jobIdOfCustomer(customer);

        eventually(Duration.ofMinutes(4), () -> {
            assertThat(page.percentOf(jobId)).isEqualTo(100);
            assertThat(page.statusOf(jobId)).isEqualTo("failed");
        });
        assertThat(page.notReloaded()).as("the page was never reloaded").isTrue();
        assertThat(page.seenPercents(jobId))
                .as("the bar moved while watched")
                .contains(100L)
                .anySatisfy(percent -> assertThat(percent).isLessThan(100L));
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.rowButton(jobId, "retry").isDisplayed()).isTrue());
        failedJobId = jobId;

        page.filterByStatus("complete");
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.jobRows())
                        .noneSatisfy(row ->
                                assertThat(row.getDomAttribute("data-job-id")).isEqualTo(jobId)));
        page.filterByStatus("");
        page.filterByCustomer(customer);
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.jobRows())
                        .singleElement()
                        .satisfies(row ->
                                assertThat(row.getDomAttribute("data-job-id")).isEqualTo(jobId)));
        page.filterByCustomer("");

        page.openDetail(jobId);
        // The whole look at the rows is repeated if a late refresh of the results replaces them meanwhile.
        eventually(Duration.ofSeconds(30), () -> {
            List<WebElement> rows = page.resultRows();
            assertThat(rows).hasSize(50);
            assertThat(rows)
                    .allSatisfy(row ->
                            assertThat(row.getDomAttribute("data-status")).isIn("submitted", "failed", "skipped"));
            WebElement failed = rows.stream()
                    .filter(row -> "failed".equals(row.getDomAttribute("data-status")))
                    .findFirst()
                    .orElseThrow();
            assertThat(failed.findElement(By.cssSelector("td.error-col")).getText())
                    .isNotBlank()
                    .isNotEqualTo("—");
            WebElement submitted = rows.stream()
                    .filter(row -> "submitted".equals(row.getDomAttribute("data-status")))
                    .findFirst()
                    .orElseThrow();
            assertThat(submitted.findElements(By.tagName("td")).get(4).getText())
                    .startsWith("local-worker-");
        });
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.detailFact("Attempt")).isEqualTo("1"));

        page.clickDetailButton("retry");
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(page.detailFact("Attempt")).isEqualTo("2");
            assertThat(page.seenStatuses(jobId)).containsAnyOf("pending", "in_progress");
        });
        assertThat(page.flash()).contains("attempt 2");
        page.backToList();
        assertThat(page.cspViolations())
                .as("the dashboard needs nothing its Content-Security-Policy refuses")
                .isEmpty();
    }

    @Test
    @Order(4)
    void shouldCancelAJobAndShowSeveralInProgress() throws IOException {
        // Large packages, so that several run at once for a while; the enterprise one gets cancelled.
        // Waits for two at once, which always happens (the priority job runs beside the first normal
        // one); the normal ones mostly queue behind each other per directory, and on a quiet machine all
        // four end within ~2 minutes, so a moment with three at once can pass between two looks.
        List<String> jobs = List.of(
                createJob("Brightside Retail", "retail", "growth", 2),
                createJob("Lakeside Bistro", "restaurants", "enterprise", 3),
                createJob("Northwind Legal", "legal", "professional", 3),
                createJob("Pixel Forge", "technology", "professional", 4));
        eventually(
                Duration.ofMinutes(3),
                () -> assertThat(jobs.stream()
                                .filter(id -> page.statusOf(id).equals("in_progress") && page.percentOf(id) >= 5)
                                .count())
                        .isGreaterThanOrEqualTo(2));

        saveScreenshot("dashboard.png", SCREENSHOT_PROPERTY);

        // The one with the most directories left, so it cannot end between this look and the click. On
        // a loaded machine the first moment with two at once can pass unseen, and the next may only come
        // when the enterprise job (the first normal one) is nearly done and the next one has started.
        String toCancel = jobs.stream()
                .filter(id -> page.statusOf(id).equals("in_progress"))
                .max(Comparator.comparingInt(id -> {
                    JobView job = jobView(staff, id);
                    return job.terminal() ? -1 : job.total() - job.done();
                }))
                .orElseThrow();
        try {
            page.clickRowButton(toCancel, "cancel");
            eventually(Duration.ofSeconds(10), () -> {
                assertThat(page.rowButton(toCancel, "cancel").getText()).isEqualTo("Confirm cancel");
                assertThat(page.statusOf(toCancel))
                        .as("one click cancels nothing")
                        .isEqualTo("in_progress");
            });
            // The page asks for the confirmation for 4 s only; on a loaded machine the look that saw it and
            // the click can fall either side of its end (a click then only asks again, as it did in CI).
            // So click until cancelled: a "Cancel" click asks, a "Confirm cancel" click cancels.
            eventually(Duration.ofSeconds(60), () -> {
                if (!page.statusOf(toCancel).equals("cancelled")) {
                    page.clickRowButton(toCancel, "cancel");
                }
                assertThat(page.statusOf(toCancel)).isEqualTo("cancelled");
            });
            eventually(
                    Duration.ofSeconds(10),
                    () -> assertThat(page.jobRow(toCancel).findElements(By.cssSelector("button")))
                            .isEmpty());
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("cancelling job " + toCancel + " failed; " + whatIsKnownOf(jobs), e);
        }
    }

    /** What the API and the page say of these jobs, and the page's live stream, for a failure's message. */
    private String whatIsKnownOf(List<String> jobs) {
        StringBuilder known = new StringBuilder("live stream: ")
                .append(page.liveState())
                .append("; flash: ")
                .append(page.flash());
        for (String job : jobs) {
            known.append("; ").append(job).append(": API ").append(jobView(staff, job));
            try {
                known.append(", page ")
                        .append(page.statusOf(job))
                        .append(' ')
                        .append(page.percentOf(job))
                        .append(" %");
            } catch (RuntimeException e) {
                known.append(", page: no row (")
                        .append(e.getClass().getSimpleName())
                        .append(')');
            }
        }
        return known.toString();
    }

    @Test
    @Order(5)
    void shouldShowAViewerNoButtonsThatChangeJobs() {
        page.signOut();
        page.signIn(stack.keys().viewer());
        assertThat(page.role()).isEqualTo("viewer");
        // A failed job (the retried one fails again: its directories always reject) would offer Retry to staff.
        eventually(
                Duration.ofMinutes(3),
                () -> assertThat(page.jobRows())
                        .anySatisfy(row ->
                                assertThat(row.getDomAttribute("data-status")).isEqualTo("failed")));
        assertThat(page.newJobButtonShown()).isFalse();
        assertThat(page.actionButtons()).isEmpty();

        page.openDetail(failedJobId);
        eventually(Duration.ofSeconds(30), () -> assertThat(page.resultRows()).hasSize(50));
        assertThat(page.actionButtons()).isEmpty();
    }

    @Test
    @Order(6) // after the list tests: its 105 jobs would crowd the other tests' list
    void shouldShowMoreThanOnePageOfJobs() {
        // Cancelled at once, so the stack's workers (mostly) only skip their tasks.
        String customer = "Paging Test Supplies";
        String customerId = createCustomer(customer, "retail", "starter");
        int jobs = 105;
        for (int i = 0; i < jobs; i++) {
            String job = createJobFor(customerId, "starter", 5);
            assertThat(staff.post("/api/jobs/" + job + "/cancel", Map.of()).status())
                    .isEqualTo(202);
        }
        // Once every task has ended nothing changes these jobs any more, so the page knows them from
        // the list alone and not from live changes. (Their skips may queue behind the submissions of
        // earlier tests' jobs to the same directories.)
        eventually(
                Duration.ofMinutes(5),
                () -> assertThat(jobsOf(customerId))
                        .hasSize(jobs)
                        .allSatisfy(job -> assertThat(
                                        job.get("progress").get("done").asInt())
                                .isEqualTo(job.get("progress").get("total").asInt())));
        page.open(); // a fresh page, still signed in (as the viewer of the test before)
        eventually(Duration.ofSeconds(30), () -> page.filterByCustomer(customer));
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(page.jobRows()).hasSize(100);
            assertThat(page.jobCount()).isEqualTo("100 jobs (first 100 of 105)");
            assertThat(page.moreJobsButton().getText()).isEqualTo("Show 5 more");
        });

        page.moreJobsButton().click();
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(page.jobRows()).hasSize(jobs);
            assertThat(page.jobCount()).isEqualTo("105 jobs");
            assertThat(page.moreJobsButton().isDisplayed()).isFalse();
        });
    }

    /**
     * A result's text from a directory site is shown as text, never as markup, and a listing URL that
     * is not http(s) never as a link. The job submits to two hostile demo directories (activated for
     * it): one rejects with {@code <script>} and {@code <img onerror>} markup as its error, the other
     * answers with a {@code javascript:} Location.
     */
    @Test
    @Order(7)
    void shouldShowWhatHostileSitesSentAsTextAndNeverAsLinksOrMarkup() throws Exception {
        String markup = DemoCatalog.hostileId(Hostility.SCRIPT_IN_BODY);
        String javascript = DemoCatalog.hostileId(Hostility.JAVASCRIPT_LOCATION);
        StackTestSupport.activateHostileDirectories(
                stack, List.of(Hostility.SCRIPT_IN_BODY, Hostility.JAVASCRIPT_LOCATION));
        List<String> directories = new ArrayList<>(List.of(markup, javascript));
        IntStream.rangeClosed(1, 48)
                .mapToObj(i -> String.format("demo-%03d", i))
                .forEach(directories::add);
        String customerId = createCustomer("Markup Test Studio", "technology", "starter");
        ApiClient.Answer created = staff.post(
                "/api/jobs", Map.of("customerId", customerId, "packageType", "starter", "directoryIds", directories));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String jobId = created.body().get("id").asString();
        eventually(
                Duration.ofMinutes(4),
                () -> assertThat(jobView(staff, jobId).terminal()).isTrue());
        // The worker keeps only absolute http(s) listing URLs, but a row written before that rule (or by
        // anything else) may still hold a javascript: one: the page must never make it a link.
        try (Connection connection = stack.connectDatabase();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE job_results SET listing_url = 'javascript:alert(''autobolt'')'"
                                + " WHERE job_id = ? AND directory_id = ?")) {
            update.setObject(1, UUID.fromString(jobId));
            update.setString(2, javascript);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        page.open();
        page.openDetailByAddress(jobId);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(page.resultRows()).hasSize(50);
            assertThat(page.resultRow(markup)
                            .findElement(By.cssSelector("td.error-col"))
                            .getText())
                    .contains("<script>alert('autobolt')</script>")
                    .contains("<img src=x onerror=");
            WebElement listing = page.resultRow(javascript).findElement(By.cssSelector("td.listing"));
            assertThat(listing.getText()).contains("javascript:alert('autobolt')");
            assertThat(listing.findElements(By.tagName("a"))).isEmpty();
        });
        assertThat(driver.findElements(By.cssSelector("#results-table script, #results-table img")))
                .as("no markup from a site became an element")
                .isEmpty();
        assertThat(driver.findElements(By.cssSelector("#results-table a")))
                .allSatisfy(link -> assertThat(link.getDomAttribute("href")).matches("https?://.+"));
        assertThatThrownBy(() -> driver.switchTo().alert())
                .as("no script of a site ran")
                .isInstanceOf(NoAlertPresentException.class);
        assertThat(page.cspViolations()).isEmpty();
    }

    /**
     * The OpenAPI UI works under the policy job-api gives its paths: it renders the API description
     * and the browser reports no violation (it would for a blocked script, style or image).
     */
    @Test
    @Order(8)
    void shouldRenderTheOpenApiUiWithinItsContentSecurityPolicy() {
        // The UI's pages need a key like the API; a browser sends it as a header only when told to.
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Api-Key", stack.keys().viewer())));
        try {
            driver.get(stack.apiBaseUrl() + "/swagger-ui.html");
            eventually(Duration.ofSeconds(60), () -> {
                assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title"))
                                .getText())
                        .contains("AutoBolt job-api");
                assertThat(driver.findElements(By.cssSelector(".swagger-ui .opblock")))
                        .isNotEmpty();
            });
            assertThat(page.cspViolations()).isEmpty();
        } finally {
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
            driver.executeCdpCommand("Network.disable", Map.of());
        }
    }

    /**
     * The operations view, for staff and admin: after a job of its own ran, the chart of the last hour
     * shows submissions, the busiest directories are listed with their success rate, and the consumer
     * lag (every group of the stack, as Kafka answered) and dead-letter sections are there; it refreshes
     * by itself. A viewer is not offered the view. Saves a screenshot to {@code target/operations-view.png}
     * and to {@code -Dautobolt.operations.screenshot=PATH} when given.
     */
    @Test
    @Order(9)
    void shouldShowTheOperationsViewToStaffWithTheLastHoursSubmissions() throws IOException {
        String customerId = createCustomer("Operations View Bakery", "restaurants", "starter");
        String jobId = createJobFor(customerId, "starter", 2);
        eventually(
                Duration.ofMinutes(4),
                () -> assertThat(jobView(staff, jobId).terminal()).isTrue());

        page.open();
        // Still signed in from an earlier test (the key stays in the tab), or not: wait until the page knows.
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(driver.findElement(By.id("app")).isDisplayed()
                                || driver.findElement(By.id("signin")).isDisplayed())
                        .isTrue());
        if (driver.findElement(By.id("app")).isDisplayed()) {
            page.signOut();
        }
        page.signIn(stack.keys().viewer());
        assertThat(driver.findElement(By.id("ops-link")).isDisplayed())
                .as("a viewer is not offered the operations view")
                .isFalse();
        page.signOut();
        page.signIn(stack.keys().staff());
        driver.findElement(By.id("ops-link")).click();
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(driver.findElement(By.id("ops-view")).isDisplayed()).isTrue();
            WebElement chart = driver.findElement(By.id("ops-chart-svg"));
            assertThat(Long.parseLong(chart.getDomAttribute("data-total"))).isPositive();
            assertThat(chart.findElements(By.cssSelector("rect.submitted"))).isNotEmpty();
            assertThat(driver.findElements(By.cssSelector("#ops-directories tbody tr")))
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row.findElement(By.cssSelector(".rate-text"))
                                    .getText())
                            .endsWith("%"));
            assertThat(driver.findElement(By.id("ops-kafka-problem")).isDisplayed())
                    .as("Kafka answered")
                    .isFalse();
            assertThat(driver.findElements(By.cssSelector("#ops-lag tbody tr")))
                    .extracting(row -> row.getDomAttribute("data-group"))
                    .containsExactly("autobolt-dispatcher", "autobolt-executors", "progress-projector");
            assertThat(driver.findElement(By.id("ops-dlt")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("ops-breakers-note")).getText())
                    .startsWith("from autobolt.directory-breakers");
        });
        // It refreshes by itself: the time it was updated moves without a click or a reload.
        String updated = driver.findElement(By.id("ops-updated")).getText();
        eventually(
                Duration.ofSeconds(20),
                () -> assertThat(driver.findElement(By.id("ops-updated")).getText())
                        .isNotEqualTo(updated));
        assertThat(page.cspViolations()).isEmpty();

        driver.manage().window().setSize(new Dimension(1440, 1500));
        try {
            saveScreenshot("operations-view.png", OPERATIONS_SCREENSHOT_PROPERTY);
        } finally {
            driver.manage().window().setSize(new Dimension(1440, 1000));
        }
    }

    /** The customer's jobs as the API lists them, both pages. */
    private List<JsonNode> jobsOf(String customerId) {
        List<JsonNode> jobs = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            staff.get("/api/jobs?size=100&page=" + page + "&customerId=" + customerId)
                    .body()
                    .get("items")
                    .forEach(jobs::add);
        }
        return jobs;
    }

    private String createJob(String name, String category, String packageType, int priority) {
        return createJobFor(createCustomer(name, category, packageType), packageType, priority);
    }

    private String createCustomer(String name, String category, String packageType) {
        String slug = name.toLowerCase().replace(' ', '-');
        ApiClient.Answer customer = staff.post(
                "/api/customers",
                Map.of(
                        "businessName", name,
                        "email", "owner@" + slug + ".example.com",
                        "website", "https://" + slug + ".example.com",
                        "category", category,
                        "packageType", packageType));
        assertThat(customer.status()).as("%s", customer.body()).isEqualTo(201);
        return customer.body().get("id").asString();
    }

    private String createJobFor(String customerId, String packageType, int priority) {
        ApiClient.Answer job = staff.post(
                "/api/jobs", Map.of("customerId", customerId, "packageType", packageType, "priority", priority));
        assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
        return job.body().get("id").asString();
    }

    /**
     * Issue 18 from the dashboard: the new-job form with a whole customer profile and an external
     * reference; the customer edited (a field error next to its field, an edit made meanwhile refused
     * with 412 and the form reloaded, then saved); the history panel shows the creation; a share link
     * opens the customer's page in the browser without a key, and once revoked that page says so.
     * Saves the customer's page to {@code target/customer-progress.png}, and also to
     * {@code -Dautobolt.progress.screenshot=PATH} when given.
     */
    @Test
    @Order(10)
    void shouldCreateWithAFullProfileEditTheCustomerShowHistoryAndShareTheProgress() throws IOException {
        page.open();
        // Signed in as whoever the tests before left (or nobody, when run alone): as staff from here.
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(driver.findElement(By.id("app")).isDisplayed()
                                || driver.findElement(By.id("api-key")).isDisplayed())
                        .isTrue());
        if (driver.findElement(By.id("app")).isDisplayed()) {
            page.signOut();
        }
        page.signIn(stack.keys().staff());

        String externalRef = "order-" + UUID.randomUUID();
        Map<String, String> profile = new java.util.LinkedHashMap<>();
        profile.put("businessName", "Harbour Light Bakery");
        profile.put("email", "hello@harbour-light-bakery.example.com");
        profile.put("phone", "+1 555 0100");
        profile.put("website", "https://harbour-light-bakery.example.com");
        profile.put("address", "12 Quay Street");
        profile.put("city", "Portland");
        profile.put("state", "ME");
        profile.put("zip", "04101");
        profile.put("country", "US");
        profile.put("category", "restaurants");
        profile.put("description", "Sourdough & <b>pastries</b> since 1998");
        page.createJobWithProfile(profile, "starter", externalRef);

        JsonNode created =
                staff.get("/api/jobs?externalRef=" + externalRef).body().get("items");
        assertThat(created).hasSize(1);
        String jobId = created.get(0).get("id").asString();
        String customerId = created.get(0).get("customerId").asString();
        JsonNode customer = staff.get("/api/customers/" + customerId).body();
        profile.forEach((field, value) ->
                assertThat(customer.get(field).asString()).as(field).isEqualTo(value));
        assertThat(customer.get("packageType").asString()).isEqualTo("starter");

        page.openDetailByAddress(jobId);
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(page.detailFact("External ref")).isEqualTo(externalRef));
        JsonNode history = staff.get("/api/jobs/" + jobId + "/history").body();
        eventually(Duration.ofSeconds(30), () -> {
            WebElement creation = page.historyRow("job.created");
            assertThat(creation.findElement(By.cssSelector("td.who")).getText())
                    .contains(history.get(0).get("actor").asString());
            assertThat(creation.findElement(By.cssSelector("td.request-id")).getText())
                    .isEqualTo(history.get(0).get("requestId").asString());
        });

        // A field error is shown next to its field, and nothing changes.
        page.openCustomerEdit();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.editField("city").getDomProperty("value")).isEqualTo("Portland"));
        page.editField("email").clear();
        page.editField("email").sendKeys("not-an-email");
        page.saveCustomerEdit();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.editFieldError("email")).isNotBlank());
        assertThat(staff.get("/api/customers/" + customerId).body().get("email").asString())
                .isEqualTo(profile.get("email"));

        // Changed meanwhile (by this tab's key, as another staff member would): 412, reloaded.
        page.editField("email").clear();
        page.editField("email").sendKeys(profile.get("email"));
        Object meanwhile = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                const key = sessionStorage.getItem('autobolt.apiKey');
                fetch('/api/customers/' + arguments[0], {headers: {'X-Api-Key': key}})
                  .then(r => fetch('/api/customers/' + arguments[0], {method: 'PATCH', headers: {'X-Api-Key': key,
                      'Content-Type': 'application/merge-patch+json', 'If-Match': r.headers.get('ETag')},
                      body: JSON.stringify({city: 'Bangor'})}))
                  .then(r => done(r.status)).catch(e => done(String(e)));
                """, customerId);
        assertThat(meanwhile).isEqualTo(200L);
        page.editField("phone").clear();
        page.editField("phone").sendKeys("+1 555 0199");
        page.saveCustomerEdit();
        eventually(Duration.ofSeconds(10), () -> {
            assertThat(page.editError()).contains("changed meanwhile");
            assertThat(page.editField("city").getDomProperty("value")).isEqualTo("Bangor");
            assertThat(page.editField("phone").getDomProperty("value")).isEqualTo("+1 555 0100");
        });
        page.editField("phone").clear();
        page.editField("phone").sendKeys("+1 555 0199");
        page.editField("zip").clear(); // emptied: cleared
        page.saveCustomerEdit();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.customerEditOpen()).isFalse());
        JsonNode edited = staff.get("/api/customers/" + customerId).body();
        assertThat(edited.get("phone").asString()).isEqualTo("+1 555 0199");
        assertThat(edited.get("city").asString()).isEqualTo("Bangor");
        assertThat(edited.get("zip").isNull()).isTrue();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.historyRow("job.created").isDisplayed()).isTrue());

        // Shared: the full URL once, a link in the list; the page opens without any key.
        String link = page.shareWithCustomer();
        assertThat(link).startsWith(stack.apiBaseUrl() + "/progress/");
        eventually(Duration.ofSeconds(10), () -> assertThat(page.shareRows()).hasSize(1));
        // The customer's page in a tab of its own: no key in its storage, none sent.
        String dashboardTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String customerTab = driver.getWindowHandle();
        driver.get(link);
        assertThat(page.script("return sessionStorage.length;")).isEqualTo(0L);
        eventually(Duration.ofSeconds(30), () -> {
            assertThat(driver.findElement(By.id("bar")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("business-name")).getText()).isEqualTo("Harbour Light Bakery");
            assertThat(driver.findElements(By.cssSelector("#directories tr"))).hasSize(50);
        });
        saveScreenshot("customer-progress.png", "autobolt.progress.screenshot");

        driver.switchTo().window(dashboardTab);
        page.revokeFirstShare();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(page.shareRows().get(0).getDomAttribute("data-state"))
                        .isEqualTo("revoked"));
        // The open page notices at its next refresh (every 5 s, every 30 s once the job ended).
        driver.switchTo().window(customerTab);
        eventually(Duration.ofSeconds(60), () -> {
            assertThat(driver.findElement(By.id("gone")).getText()).contains("expired or was revoked");
            assertThat(driver.findElement(By.id("job")).isDisplayed()).isFalse();
        });
        driver.get(link); // opened afresh: the page, answered with 404, says the same
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(driver.findElement(By.tagName("body")).getText())
                        .contains("expired or was revoked"));
        driver.close();
        driver.switchTo().window(dashboardTab);
    }

    private void saveScreenshot(String name, String property) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        String extra = System.getProperty(property, "");
        if (!extra.isBlank()) {
            Path path = Path.of(extra).toAbsolutePath();
            Files.createDirectories(path.getParent());
            Files.copy(shot, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
