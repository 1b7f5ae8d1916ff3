package com.autobolt.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's static files are served without a key; the data behind them still needs one. */
class DashboardStaticIT extends SharedApiTestSupport {

    private static final Path STATIC = Path.of("src/main/resources/static");
    // Anything the page would fetch from another host: scripts, styles, fonts, images, module imports.
    private static final Pattern EXTERNAL = Pattern.compile(
            "(src|href)\\s*=\\s*[\"']?(https?:)?//|url\\(\\s*[\"']?(https?:)?//|@import|from\\s+[\"'](https?:)?//"
                    + "|import\\(\\s*[\"'](https?:)?//");

    @Test
    void shouldServeThePageAndItsFilesWithoutAKey() {
        Api.Response page = api().get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("<title>AutoBolt", "js/app.js", "css/dashboard.css");

        for (String path : List.of(
                "/index.html",
                "/favicon.svg",
                "/css/dashboard.css",
                "/js/app.js",
                "/js/api.js",
                "/js/sse.js",
                "/js/store.js",
                "/js/format.js",
                "/js/new-job.js",
                "/js/operations.js",
                "/js/customer-edit.js",
                "/js/job-history.js",
                "/js/share.js")) {
            assertThat(api().get(path, null).status()).as(path).isEqualTo(200);
        }
        assertThat(api().get("/js/app.js", null).header("content-type")).contains("javascript");
    }

    @Test
    void shouldStillRequireAKeyForDataAndDenyOtherPaths() {
        assertThat(api().get("/api/jobs", null).status()).isEqualTo(401);
        assertThat(api().get("/api/stats", null).status()).isEqualTo(401);
        assertThat(api().get("/js/nested/file.js", null).status()).isEqualTo(401);
        assertThat(api().get("/other.html", TestKeys.VIEWER).status()).isEqualTo(403);
        assertThat(api().send("POST", "/", null, "{}", java.util.Map.of()).status())
                .isEqualTo(401);
    }

    /**
     * What the Content-Security-Policy refuses (inline scripts, inline styles, handler attributes) and
     * what would parse text as markup (much of the text shown comes from directory sites) appear nowhere.
     */
    @Test
    void shouldNeedNoInlineScriptOrStyleAndInsertNoMarkup() throws IOException {
        Pattern refused = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>|<style|\\sstyle\\s*=|\\son[a-z]+\\s*="
                + "|innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser"
                + "|setAttribute\\(\\s*['\"]style|style:\\s*`");
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".html") || f.toString().endsWith(".js"))
                    .toList()) {
                Matcher found = refused.matcher(Files.readString(file));
                assertThat(found.find() ? found.group() : null)
                        .as("in %s", file)
                        .isNull();
            }
        }
    }

    @Test
    void shouldLoadNothingFromOutsideJobApi() throws IOException {
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertThat(EXTERNAL.matcher(text).find())
                        .as("%s references another host", file)
                        .isFalse();
            }
        }
    }
}
