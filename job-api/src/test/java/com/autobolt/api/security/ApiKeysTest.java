package com.autobolt.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String ADMIN_KEY = "admin-key-abcdefghijklmnop";
    private static final String STAFF_KEY = "staff-key-abcdefghijklmnop";

    @Test
    void shouldFindTheRoleOfAConfiguredKey() {
        ApiKeys keys = ApiKeys.parse(Map.of("env", "admin:" + ADMIN_KEY + ", staff:" + STAFF_KEY));

        assertThat(role(keys, ADMIN_KEY)).contains(ApiRole.ADMIN);
        assertThat(role(keys, STAFF_KEY)).contains(ApiRole.STAFF);
        assertThat(role(keys, "staff-key-abcdefghijklmno")).isEmpty();
        assertThat(role(keys, "")).isEmpty();
    }

    @Test
    void shouldReadAFileWithCommentsAndBlankLinesAlongsideTheEnvironment() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("env", "viewer:viewer-key-abcdefghijklmnop");
        sources.put("file", "# keys\n\nWORKER : worker-key-abcdefghijklmnop\r\nadmin:ops:key:with:colons-123456\n");

        ApiKeys keys = ApiKeys.parse(sources);

        assertThat(role(keys, "viewer-key-abcdefghijklmnop")).contains(ApiRole.VIEWER);
        assertThat(role(keys, "worker-key-abcdefghijklmnop")).contains(ApiRole.WORKER);
        assertThat(role(keys, "key:with:colons-123456")).contains(ApiRole.ADMIN);
        assertThat(keys.countByRole()).containsEntry(ApiRole.VIEWER, 1).containsEntry(ApiRole.ADMIN, 1);
    }

    @Test
    void shouldNameEachKeyItsHolderOrItsRoleAndPositionWhenUnnamed() {
        ApiKeys keys = ApiKeys.parse(Map.of(
                "env",
                "staff:storefront:" + STAFF_KEY + ",admin:" + ADMIN_KEY
                        + ",staff:other-staff-key-abcdef,staff:alice.smith:a:key:with:colons-1"));

        assertThat(keys.holderOf(STAFF_KEY)).contains(new ApiKeys.Holder(ApiRole.STAFF, "storefront"));
        assertThat(keys.holderOf(ADMIN_KEY)).contains(new ApiKeys.Holder(ApiRole.ADMIN, "admin-1"));
        assertThat(keys.holderOf("other-staff-key-abcdef")).contains(new ApiKeys.Holder(ApiRole.STAFF, "staff-2"));
        assertThat(keys.holderOf("a:key:with:colons-1")).contains(new ApiKeys.Holder(ApiRole.STAFF, "alice.smith"));
    }

    @Test
    void shouldHaveNoKeysWhenNothingIsConfigured() {
        ApiKeys keys = ApiKeys.parse(Map.of());

        assertThat(keys.isEmpty()).isTrue();
        assertThat(role(keys, ADMIN_KEY)).isEmpty();
    }

    @Test
    void shouldRefuseBadEntriesWithoutRepeatingTheKey() {
        assertThatThrownBy(() -> ApiKeys.parse(Map.of("env", "root:" + ADMIN_KEY)))
                .hasMessageContaining("entry 1 of env")
                .hasMessageContaining("unknown role 'root'")
                .hasMessageNotContaining(ADMIN_KEY);
        assertThatThrownBy(() -> ApiKeys.parse(Map.of("env", "admin:" + ADMIN_KEY + "," + STAFF_KEY)))
                .hasMessageContaining("entry 2 of env is not of the form role:name:key")
                .hasMessageNotContaining(STAFF_KEY);
        assertThatThrownBy(() -> ApiKeys.parse(Map.of("env", "admin:short-key")))
                .hasMessageContaining("shorter than 16")
                .hasMessageNotContaining("short-key");
        assertThatThrownBy(() -> ApiKeys.parse(Map.of("env", "admin:" + ADMIN_KEY + ",viewer:" + ADMIN_KEY)))
                .hasMessageContaining("entry 2 of env repeats a key")
                .hasMessageNotContaining(ADMIN_KEY);
    }

    private static java.util.Optional<ApiRole> role(ApiKeys keys, String key) {
        return keys.holderOf(key).map(ApiKeys.Holder::role);
    }
}
