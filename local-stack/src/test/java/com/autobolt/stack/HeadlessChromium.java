package com.autobolt.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both paths are fixed (no Selenium
 * Manager: it would try to download a driver, and test machines have no network); override them with
 * {@code -Dautobolt.chromedriver=PATH} and {@code -Dautobolt.chromium=PATH}.
 */
final class HeadlessChromium {

    static final String DRIVER_PROPERTY = "autobolt.chromedriver";
    static final String BROWSER_PROPERTY = "autobolt.chromium";

    private HeadlessChromium() {}

    /** Fails (never skips) when the driver or the browser is missing, saying how to install them. */
    static void requireInstalled() {
        require(driverPath(), "chromedriver", DRIVER_PROPERTY);
        require(browserPath(), "chromium", BROWSER_PROPERTY);
    }

    static ChromeDriver start() {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserPath().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        // Before any page's own script (and outside its Content-Security-Policy, as the browser's own
        // script): every violation of the policy is kept for the tests to look at.
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "window.__cspViolations = [];"
                                + " document.addEventListener('securitypolicyviolation', e =>"
                                + " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at '"
                                + " + e.sourceFile + ':' + e.lineNumber));"));
        return driver;
    }

    private static Path driverPath() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    private static Path browserPath() {
        return Path.of(System.getProperty(BROWSER_PROPERTY, "/usr/bin/chromium"));
    }

    private static void require(Path path, String what, String property) {
        if (!Files.isExecutable(path)) {
            throw new AssertionError(what + " is not installed at " + path + ": the dashboard browser test needs"
                    + " Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run"
                    + " installs them), or -D" + property + "=PATH");
        }
    }
}
