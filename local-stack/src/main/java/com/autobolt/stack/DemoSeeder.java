package com.autobolt.stack;

import java.util.List;

/** Puts the demo catalog into job-api through its REST API; directories already there are kept. */
final class DemoSeeder {

    private DemoSeeder() {}

    static void seed(ApiClient admin, List<DemoCatalog.Entry> catalog) {
        int created = 0;
        for (DemoCatalog.Entry entry : catalog) {
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
}
