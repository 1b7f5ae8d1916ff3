package com.autobolt.stack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.core.ThrowingRunnable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The dashboard as a user sees it: what {@link DashboardBrowserIT} clicks and reads. */
final class DashboardPage {

    private final WebDriver driver;
    private final String url;

    DashboardPage(WebDriver driver, String url) {
        this.driver = driver;
        this.url = url;
    }

    void open() {
        driver.get(url);
    }

    void signIn(String key) {
        eventually(Duration.ofSeconds(30), () -> visible(By.id("api-key")));
        driver.findElement(By.id("api-key")).sendKeys(key);
        driver.findElement(By.id("signin-button")).click();
        eventually(Duration.ofSeconds(30), () -> visible(By.id("app")));
    }

    void signOut() {
        driver.findElement(By.id("signout")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("api-key")));
    }

    String liveState() {
        return driver.findElement(By.id("live")).getDomAttribute("data-state");
    }

    String role() {
        // The attribute, not the text: CSS shows the text in capitals.
        return driver.findElement(By.id("role")).getDomAttribute("data-role");
    }

    boolean newJobButtonShown() {
        return driver.findElement(By.id("new-job-button")).isDisplayed();
    }

    /** Creates a job through the "new job" dialog with a new customer; returns nothing: the row appears. */
    void createJobForNewCustomer(String name, String email, String category, String packageType, int priority) {
        driver.findElement(By.id("new-job-button")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("nj-customer")));
        new Select(driver.findElement(By.id("nj-customer"))).selectByValue("__new");
        driver.findElement(By.id("nj-name")).sendKeys(name);
        driver.findElement(By.id("nj-email")).sendKeys(email);
        driver.findElement(By.id("nj-category")).sendKeys(category);
        new Select(driver.findElement(By.id("nj-package"))).selectByValue(packageType);
        new Select(driver.findElement(By.id("nj-priority"))).selectByValue(String.valueOf(priority));
        driver.findElement(By.id("nj-submit")).click();
        eventually(Duration.ofSeconds(30), () -> {
            if (driver.findElement(By.id("new-job-dialog")).isDisplayed()) {
                throw new AssertionError("dialog still open: "
                        + driver.findElement(By.id("nj-error")).getText());
            }
        });
    }

    /** Creates a job through the "new job" dialog with a new customer and every profile field given. */
    void createJobWithProfile(Map<String, String> profile, String packageType, String externalRef) {
        driver.findElement(By.id("new-job-button")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("nj-customer")));
        new Select(driver.findElement(By.id("nj-customer"))).selectByValue("__new");
        Map<String, String> inputs = Map.ofEntries(
                Map.entry("businessName", "nj-name"),
                Map.entry("email", "nj-email"),
                Map.entry("phone", "nj-phone"),
                Map.entry("website", "nj-website"),
                Map.entry("address", "nj-address"),
                Map.entry("city", "nj-city"),
                Map.entry("state", "nj-state"),
                Map.entry("zip", "nj-zip"),
                Map.entry("country", "nj-country"),
                Map.entry("category", "nj-category"),
                Map.entry("description", "nj-description"));
        profile.forEach(
                (field, value) -> driver.findElement(By.id(inputs.get(field))).sendKeys(value));
        new Select(driver.findElement(By.id("nj-package"))).selectByValue(packageType);
        driver.findElement(By.id("nj-external-ref")).sendKeys(externalRef);
        driver.findElement(By.id("nj-submit")).click();
        eventually(Duration.ofSeconds(30), () -> {
            if (driver.findElement(By.id("new-job-dialog")).isDisplayed()) {
                throw new AssertionError("dialog still open: "
                        + driver.findElement(By.id("nj-error")).getText());
            }
        });
    }

    /** The history panel's row of an action (the first one). */
    WebElement historyRow(String action) {
        return driver.findElement(By.cssSelector("#history-table tbody tr[data-action='" + action + "']"));
    }

    void openCustomerEdit() {
        eventually(Duration.ofSeconds(10), () -> visible(By.id("edit-customer-button")));
        driver.findElement(By.id("edit-customer-button")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("customer-edit-dialog")));
    }

    WebElement editField(String field) {
        return driver.findElement(By.id("ce-" + field));
    }

    String editFieldError(String field) {
        return driver.findElement(By.id("ce-" + field + "-error")).getText();
    }

    String editError() {
        return driver.findElement(By.id("ce-error")).getText();
    }

    void saveCustomerEdit() {
        driver.findElement(By.id("ce-submit")).click();
    }

    boolean customerEditOpen() {
        return driver.findElement(By.id("customer-edit-dialog")).isDisplayed();
    }

    /** Makes a share link from the detail view; returns the full URL shown to copy. */
    String shareWithCustomer() {
        eventually(Duration.ofSeconds(10), () -> visible(By.id("share-button")));
        driver.findElement(By.id("share-button")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("share-url")));
        return driver.findElement(By.id("share-url")).getDomProperty("value");
    }

    List<WebElement> shareRows() {
        return driver.findElements(By.cssSelector("#shares-table tbody tr"));
    }

    void revokeFirstShare() {
        clickFreshly(() -> driver.findElement(By.cssSelector("#shares-table button.revoke-share")));
    }

    /**
     * The id of the job row showing this customer's name, read in one script run: the live list redraws
     * its rows as events arrive, so rows found by one call can be gone by the next (stale).
     */
    String jobIdOfCustomer(String name) {
        Object id = ((JavascriptExecutor) driver)
                .executeScript(
                        "for (const row of document.querySelectorAll('#jobs-table tbody tr.job-row')) {"
                                + " const cell = row.querySelector('td.customer .name');"
                                + " if (cell && cell.textContent.trim() === arguments[0]) {"
                                + " return row.getAttribute('data-job-id'); } }"
                                + " return null;",
                        name);
        if (id == null) {
            throw new AssertionError("no job row for customer " + name);
        }
        return id.toString();
    }

    List<WebElement> jobRows() {
        return driver.findElements(By.cssSelector("#jobs-table tbody tr.job-row"));
    }

    WebElement jobRow(String jobId) {
        return driver.findElement(By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']"));
    }

    String jobCount() {
        return driver.findElement(By.id("job-count")).getText();
    }

    WebElement moreJobsButton() {
        return driver.findElement(By.id("jobs-more"));
    }

    int percentOf(String jobId) {
        return Integer.parseInt(
                jobRow(jobId).findElement(By.cssSelector(".progress")).getDomAttribute("data-percent"));
    }

    String statusOf(String jobId) {
        return jobRow(jobId).getDomAttribute("data-status");
    }

    void filterByStatus(String status) {
        new Select(driver.findElement(By.id("filter-status"))).selectByValue(status);
    }

    void filterByCustomer(String visibleName) {
        Select select = new Select(driver.findElement(By.id("filter-customer")));
        if (visibleName.isEmpty()) {
            select.selectByValue("");
        } else {
            select.selectByVisibleText(visibleName);
        }
    }

    /**
     * Records, in the page, every change of each job's {@code data-percent} and {@code data-status}
     * that its row or the detail view shows from now on, and marks the page: a reload would lose the
     * mark. Started before a job exists, so that a fast job's first changes are not missed.
     */
    void recordChanges() {
        script("""
                window.__noReload = true;
                window.__seen = {};
                const record = (id, kind, value) => {
                  const seen = window.__seen[id] = window.__seen[id] || {percents: [], statuses: []};
                  const values = seen[kind];
                  if (values[values.length - 1] !== value) values.push(value);
                };
                const note = () => {
                  document.querySelectorAll('#jobs-table tr[data-job-id]').forEach(row => {
                    record(row.dataset.jobId, 'statuses', row.dataset.status);
                    const bar = row.querySelector('.progress');
                    if (bar) record(row.dataset.jobId, 'percents', Number(bar.dataset.percent));
                  });
                  if (!document.getElementById('detail-view').hidden) {
                    const id = document.getElementById('detail-id').textContent.replace(/^job /, '');
                    document.querySelectorAll('#detail-progress .progress')
                        .forEach(bar => record(id, 'percents', Number(bar.dataset.percent)));
                    document.querySelectorAll('#detail-facts .badge')
                        .forEach(badge => record(id, 'statuses', badge.dataset.status));
                  }
                };
                note();
                new MutationObserver(note).observe(document.body,
                    {subtree: true, childList: true, attributes: true});
                """);
    }

    /** The job's percents seen since {@link #recordChanges()}, each change once. */
    List<Long> seenPercents(String jobId) {
        return seen(jobId, "percents");
    }

    List<String> seenStatuses(String jobId) {
        return seen(jobId, "statuses");
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> seen(String jobId, String kind) {
        return (List<T>) script("return (window.__seen[arguments[0]] || {})[arguments[1]] || [];", jobId, kind);
    }

    boolean notReloaded() {
        return Boolean.TRUE.equals(script("return window.__noReload === true;"));
    }

    void openDetail(String jobId) {
        jobRow(jobId).findElement(By.cssSelector("td.customer")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("detail-view")));
    }

    /** Shows a job's detail by its address, as a link to it would (the job need not be in the list). */
    void openDetailByAddress(String jobId) {
        script("location.hash = '#/jobs/' + arguments[0];", jobId);
        eventually(Duration.ofSeconds(10), () -> visible(By.id("detail-view")));
    }

    /** The result row of one directory in the detail view. */
    WebElement resultRow(String directoryId) {
        return driver.findElement(By.cssSelector("#results-table tbody tr[data-directory-id='" + directoryId + "']"));
    }

    /**
     * Every Content-Security-Policy violation the current page reported, recorded by the listener
     * {@link HeadlessChromium#start} adds to every page before its own scripts run.
     */
    @SuppressWarnings("unchecked")
    List<String> cspViolations() {
        return (List<String>) script("return window.__cspViolations || ['the violation listener is missing'];");
    }

    void backToList() {
        driver.findElement(By.cssSelector("#detail-view a.back")).click();
        eventually(Duration.ofSeconds(10), () -> visible(By.id("list-view")));
    }

    List<WebElement> resultRows() {
        return driver.findElements(By.cssSelector("#results-table tbody tr"));
    }

    List<WebElement> actionButtons() {
        return driver.findElements(By.cssSelector("button.retry, button.cancel"));
    }

    WebElement detailButton(String kind) {
        return driver.findElement(By.cssSelector("#detail-actions button." + kind));
    }

    WebElement rowButton(String jobId, String kind) {
        return jobRow(jobId).findElement(By.cssSelector("button." + kind));
    }

    /**
     * Clicks a job row's button. Live updates re-render rows at any moment, so a button found a
     * moment ago may be gone; a stale click never reached the page, so it is safe to find and click
     * again.
     */
    void clickRowButton(String jobId, String kind) {
        clickFreshly(() -> rowButton(jobId, kind));
    }

    void clickDetailButton(String kind) {
        clickFreshly(() -> detailButton(kind));
    }

    private static void clickFreshly(Supplier<WebElement> button) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    button.get().click();
                    return true;
                });
    }

    String detailFact(String term) {
        List<WebElement> cells = driver.findElements(By.cssSelector("#detail-facts > *"));
        for (int i = 0; i + 1 < cells.size(); i += 2) {
            if (cells.get(i).getText().equalsIgnoreCase(term)) {
                return cells.get(i + 1).getText();
            }
        }
        throw new AssertionError("no fact " + term);
    }

    String flash() {
        return driver.findElement(By.id("flash-text")).getText();
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Object asyncScript(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    private void visible(By locator) {
        if (!driver.findElement(locator).isDisplayed()) {
            throw new AssertionError(locator + " is not displayed");
        }
    }

    /** Waits for a condition; element look-ups that race a re-render are simply tried again. */
    static void eventually(Duration atMost, ThrowingRunnable assertion) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(assertion);
    }
}
