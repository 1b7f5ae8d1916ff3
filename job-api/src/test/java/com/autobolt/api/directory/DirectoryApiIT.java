package com.autobolt.api.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.autobolt.api.support.Api;
import com.autobolt.api.support.SharedApiTestSupport;
import com.autobolt.api.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import tools.jackson.databind.JsonNode;

class DirectoryApiIT extends SharedApiTestSupport {

    @Test
    void shouldAddADirectoryToTheCatalog() {
        Map<String, Object> request = aDirectory("plumbing", 72);
        request.put("minIntervalMs", 1500);
        request.put("requiresCaptcha", true);

        Api.Response created = api().post("/api/directories", TestKeys.ADMIN, request);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/directories/" + request.get("id"));
        JsonNode body = created.json();
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("domainAuthority").asInt()).isEqualTo(72);
        assertThat(body.path("minIntervalMs").asLong()).isEqualTo(1500);
        assertThat(body.path("requiresCaptcha").asBoolean()).isTrue();
        assertThat(body.path("requiresLogin").asBoolean()).isFalse();
        // A captcha needs a person: left out, the mode is external.
        assertThat(body.path("executionMode").asString()).isEqualTo("external");
        assertThat(body.path("submissionMethod").asString()).isEqualTo("form");
        assertThat(body.path("fieldMapping").path("businessName").asString()).isEqualTo("company");
        assertThat(api().get(created.header("Location"), TestKeys.VIEWER).json())
                .isEqualTo(body);
    }

    @Autowired
    private DirectoryRepository repository;

    @Test
    void shouldRefuseToOverwriteAConcurrentEditOfADirectory() {
        Map<String, Object> request = aDirectory("plumbing", 10);
        String id = (String) request.get("id");
        api().post("/api/directories", TestKeys.ADMIN, request);
        Directory readBeforeTheOtherEdit = repository.findById(id).orElseThrow();
        request.remove("id");
        request.put("name", "Edited meanwhile");
        assertThat(api().put("/api/directories/" + id, TestKeys.ADMIN, request).status())
                .isEqualTo(200);
        request.put("name", "Stale edit");
        readBeforeTheOtherEdit.apply(
                new tools.jackson.databind.json.JsonMapper().convertValue(request, DirectoryRequest.class));

        assertThatThrownBy(() -> repository.saveAndFlush(readBeforeTheOtherEdit))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(api().get("/api/directories/" + id, TestKeys.VIEWER)
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo("Edited meanwhile");
    }

    @Test
    void shouldLetAnAdminSwitchTheExecutionModeOfAnyDirectory() {
        Map<String, Object> request = aDirectory("plumbing", 10);
        String id = (String) request.get("id");
        Api.Response created = api().post("/api/directories", TestKeys.ADMIN, request);
        assertThat(created.json().path("executionMode").asString()).isEqualTo("automatic");

        request.remove("id");
        request.put("executionMode", "external");
        Api.Response external = api().put("/api/directories/" + id, TestKeys.ADMIN, request);
        request.put("requiresLogin", true);
        request.put("executionMode", "automatic");
        Api.Response automaticLogin = api().put("/api/directories/" + id, TestKeys.ADMIN, request);
        request.put("executionMode", "robot");
        Api.Response unknown = api().put("/api/directories/" + id, TestKeys.ADMIN, request);

        assertThat(external.json().path("executionMode").asString()).isEqualTo("external");
        assertThat(automaticLogin.json().path("executionMode").asString()).isEqualTo("automatic");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT execution_mode FROM directories WHERE id = ?", String.class, id))
                .isEqualTo("automatic");
    }

    @Test
    void shouldRefuseADirectoryIdThatExists() {
        Map<String, Object> request = aDirectory("plumbing", 10);
        api().post("/api/directories", TestKeys.ADMIN, request);

        Api.Response again = api().post("/api/directories", TestKeys.ADMIN, request);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains((String) request.get("id"));
    }

    @Test
    void shouldDeactivateInsteadOfDeleting() {
        Map<String, Object> request = aDirectory("plumbing", 10);
        String id = (String) request.get("id");
        api().post("/api/directories", TestKeys.ADMIN, request);
        request.remove("id");
        request.put("active", false);
        request.put("name", "Renamed");

        Api.Response updated = api().put("/api/directories/" + id, TestKeys.ADMIN, request);

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("active").asBoolean()).isFalse();
        assertThat(updated.json().path("name").asString()).isEqualTo("Renamed");
        assertThat(idsListed("?active=false")).contains(id);
        assertThat(idsListed("?active=true")).doesNotContain(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM directories WHERE id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void shouldListBestDomainAuthorityFirst() {
        insertDirectories(3, "bakery", 5);
        insertDirectories(2, "bakery", 95);

        JsonNode page = api().get("/api/directories?size=500", TestKeys.VIEWER).json();

        List<Integer> authorities = new ArrayList<>();
        page.path("items")
                .forEach(d -> authorities.add(d.path("domainAuthority").asInt()));
        assertThat(authorities).isSortedAccordingTo((a, b) -> b - a);
        // The database is shared with other test classes' catalogs: the page holds all, or its 500.
        assertThat(authorities).hasSize(Math.min(500, page.path("totalItems").asInt()));
    }

    @Test
    void shouldAnswer404ForAnUnknownDirectory() {
        Map<String, Object> update = aDirectory("plumbing", 10);
        update.remove("id");

        assertThat(api().get("/api/directories/no-such-directory", TestKeys.VIEWER)
                        .status())
                .isEqualTo(404);
        assertThat(api().put("/api/directories/no-such-directory", TestKeys.ADMIN, update)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldRefuseAnUpdateWhoseBodyNamesAnotherId() {
        Map<String, Object> request = aDirectory("plumbing", 10);
        api().post("/api/directories", TestKeys.ADMIN, request);
        Map<String, Object> update = aDirectory("plumbing", 10);

        Api.Response response = api().put("/api/directories/" + request.get("id"), TestKeys.ADMIN, update);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.detail()).contains("differs");
    }

    private List<String> idsListed(String query) {
        List<String> ids = new ArrayList<>();
        api().get("/api/directories" + query + (query.isEmpty() ? "?" : "&") + "size=500", TestKeys.VIEWER)
                .json()
                .path("items")
                .forEach(d -> ids.add(d.path("id").asString()));
        return ids;
    }
}
