package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.autobolt.sandbox.Hostility;
import com.autobolt.sandbox.SiteBehaviour;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCatalogTest {

    private final List<DemoCatalog.Entry> catalog = DemoCatalog.entries("http://127.0.0.1:8089");

    @Test
    void shouldHoldTheActiveDemoDirectoriesAndOneInactiveDirectoryPerHostileBehaviour() {
        List<DemoCatalog.Entry> demo =
                catalog.stream().filter(e -> e.id().startsWith("demo-")).toList();
        List<DemoCatalog.Entry> hostile =
                catalog.stream().filter(e -> e.id().startsWith("hostile-")).toList();

        assertThat(demo)
                .hasSize(DemoCatalog.SIZE)
                .allSatisfy(e -> assertThat(e.request()).containsEntry("active", true));
        assertThat(catalog).hasSize(DemoCatalog.SIZE + Hostility.values().length);
        assertThat(hostile).extracting(e -> e.behaviour().hostile()).containsExactlyInAnyOrder(Hostility.values());
        assertThat(hostile).allSatisfy(e -> {
            assertThat(e.request())
                    .containsEntry("active", false)
                    .containsEntry("category", DemoCatalog.HOSTILE_CATEGORY)
                    .containsEntry("domainAuthority", 0)
                    .containsEntry("submissionUrl", "http://127.0.0.1:8089/directories/" + e.id() + "/submit");
            assertThat(e.id()).isEqualTo(DemoCatalog.hostileId(e.behaviour().hostile()));
        });
        assertThat(demo).noneSatisfy(e -> assertThat(e.behaviour().hostile()).isNotNull());
    }

    @Test
    void shouldNameExactlyTheDemoDirectoriesWhoseSitesHang() {
        List<String> hanging = catalog.stream()
                .filter(e -> e.id().startsWith("demo-") && e.behaviour().hang())
                .map(DemoCatalog.Entry::id)
                .toList();

        assertThat(hanging).isNotEmpty().contains("demo-101");
        assertThat(DemoCatalog.hangingIds()).isEqualTo(hanging);
    }

    @Test
    void shouldGiveTheSandboxEveryHostileSiteByName() {
        @SuppressWarnings("unchecked")
        Map<String, SiteBehaviour> sites = (Map<String, SiteBehaviour>)
                DemoCatalog.sandboxConfig(8089, catalog).get("directories");

        Arrays.stream(Hostility.values())
                .forEach(h -> assertThat(sites.get(DemoCatalog.hostileId(h)).hostile())
                        .isEqualTo(h));
    }

    @Test
    void shouldMakeTheLoginAndCaptchaDirectoriesSitesRefuseAFormWithoutThePerson() {
        List<DemoCatalog.Entry> needPerson = catalog.stream()
                .filter(e -> Boolean.TRUE.equals(e.request().get("requiresLogin"))
                        || Boolean.TRUE.equals(e.request().get("requiresCaptcha")))
                .toList();

        assertThat(needPerson).isNotEmpty();
        assertThat(catalog).allSatisfy(e -> {
            assertThat(e.behaviour().requiresLogin()).isEqualTo(e.request().get("requiresLogin"));
            assertThat(e.behaviour().requiresCaptcha()).isEqualTo(e.request().get("requiresCaptcha"));
        });
    }
}
