package com.autobolt.stack;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Puts the demo catalog into job-api through its REST API; directories already there are kept. */
final class DemoSeeder {

    private static final int PAGE_SIZE = 500;

    private DemoSeeder() {}

    static void seed(ApiClient admin, List<DemoCatalog.Entry> catalog) {
        Set<String> existing = existingIds(admin);
        int created = 0;
        for (DemoCatalog.Entry entry : catalog) {
            if (existing.contains(entry.id())) {
                continue;
            }
            ApiClient.Answer answer = admin.post("/api/directories", entry.request());
            if (answer.status() == 201) {
                created++;
            } else if (answer.status() != 409) {
                throw new StackException("job-api refused demo directory " + entry.id() + " (HTTP " + answer.status()
                        + "): " + answer.body());
            }
        }
        System.out.println(
                created == 0
                        ? "demo catalog already in place (" + catalog.size() + " directories)"
                        : "demo catalog: " + created + " directories added");
    }

    private static Set<String> existingIds(ApiClient admin) {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            ApiClient.Answer answer = admin.get("/api/directories?size=" + PAGE_SIZE + "&page=" + page);
            if (answer.status() != 200) {
                throw new StackException(
                        "job-api did not list the catalog (HTTP " + answer.status() + "): " + answer.body());
            }
            JsonNode items = answer.body().get("items");
            items.forEach(item -> ids.add(item.get("id").asString()));
            if (items.size() < PAGE_SIZE) {
                return ids;
            }
        }
    }
}
