package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListingUrlsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://dir.example/listings/42",
                "http://dir.example:8080/l?id=42&x=%20y",
                "HTTPS://DIR.EXAMPLE/L/42",
                "https://[2001:db8::1]/l/1"
            })
    void shouldKeepAbsoluteHttpAndHttpsUrls(String url) {
        assertThat(ListingUrls.problem(url)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "JaVaScRiPt:alert(document.cookie)",
                "data:text/html,<script>alert(1)</script>",
                "/listings/42",
                "listings/42",
                "//dir.example/l/1",
                "ftp://dir.example/l/1",
                "https:///no-host",
                "::garbage:: <script>",
                "https://dir.example/l/\u0000",
                "https://dir.example/l/\n<script>",
                ""
            })
    void shouldDropEverythingElse(String url) {
        assertThat(ListingUrls.problem(url)).isNotNull().doesNotContain(url.isEmpty() ? "\u0000" : url);
    }

    @Test
    void shouldDropUrlsLongerThanTheLimit() {
        String url = "https://dir.example/" + "a".repeat(ListingUrls.MAX_LENGTH);

        assertThat(ListingUrls.problem(url)).contains("more than 2048");
        assertThat(ListingUrls.problem(url.substring(0, ListingUrls.MAX_LENGTH)))
                .isNull();
    }

    @Test
    void shouldRefuseToBuildAResultWithAListingUrlThatIsNotAllowed() {
        DirectoryResultReported.Builder builder = DirectoryResultReported.of(
                new TaskId(UUID.randomUUID(), "dir", 1), ResultStatus.SUBMITTED, Instant.now());

        assertThatThrownBy(() -> builder.listingUrl("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
