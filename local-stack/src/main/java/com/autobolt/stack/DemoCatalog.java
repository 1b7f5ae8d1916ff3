package com.autobolt.stack;

import com.autobolt.sandbox.Hostility;
import com.autobolt.sandbox.SiteBehaviour;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo directory catalog: {@link #SIZE} directories in six categories, enough for every package
 * (enterprise = 500), with varied behaviour in the sandbox, and one inactive directory per hostile
 * site behaviour ({@link #hostileId}). Deterministic, so every start describes the same catalog.
 */
public final class DemoCatalog {

    static final int SIZE = 520;
    /**
     * The hostile directories' category: no demo customer's, so a hostile directory an admin
     * activates is planned last for every customer (its domain authority is the lowest too).
     */
    static final String HOSTILE_CATEGORY = "hostile";

    static final List<String> CATEGORIES =
            List.of("restaurants", "legal", "health", "home-services", "retail", "technology");
    private static final Map<String, String> FIELD_MAPPING = Map.of(
            "businessName", "name",
            "email", "email",
            "website", "url",
            "phone", "phone",
            "city", "city",
            "description", "about");

    /** One directory: its catalog entry (the body of {@code POST /api/directories}) and its site. */
    record Entry(Map<String, Object> request, SiteBehaviour behaviour) {
        String id() {
            return (String) request.get("id");
        }
    }

    private DemoCatalog() {}

    /** The demo directories, then the hostile ones. */
    static List<Entry> entries(String sandboxBaseUrl) {
        List<Entry> entries = new ArrayList<>(SIZE + Hostility.values().length);
        for (int i = 1; i <= SIZE; i++) {
            entries.add(entry(i, sandboxBaseUrl));
        }
        for (Hostility hostility : Hostility.values()) {
            entries.add(hostileEntry(hostility, sandboxBaseUrl));
        }
        return entries;
    }

    /**
     * The demo directories whose sites hang past any worker's request timeout: each of their tasks spends
     * every try (about half a minute in the local stack) one after another in its directory's lane.
     */
    public static List<String> hangingIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= SIZE; i++) {
            if (behaviour(i).hang()) {
                ids.add(demoId(i));
            }
        }
        return ids;
    }

    private static String demoId(int i) {
        return String.format(java.util.Locale.ROOT, "demo-%03d", i);
    }

    /** The id of the demo directory whose site answers the given hostile way. */
    public static String hostileId(Hostility hostility) {
        return "hostile-" + hostility.configName();
    }

    /**
     * A directory whose site answers hostile (see the sandbox's README), inactive: the demo's jobs and
     * every planned job stay clean until an admin activates it ({@code PUT /api/directories/{id}}
     * with {@code "active": true}) to see what the stack makes of such a site.
     */
    private static Entry hostileEntry(Hostility hostility, String sandboxBaseUrl) {
        String id = hostileId(hostility);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("name", "Hostile Site (" + hostility.configName() + ")");
        request.put("website", "https://" + id + ".example.com");
        request.put("category", HOSTILE_CATEGORY);
        request.put("submissionUrl", sandboxBaseUrl + "/directories/" + id + "/submit");
        request.put("submissionMethod", "form");
        request.put("fieldMapping", FIELD_MAPPING);
        request.put("domainAuthority", 0);
        request.put("active", false);
        request.put("minIntervalMs", 0L);
        request.put("requiresLogin", false);
        request.put("requiresCaptcha", false);
        return new Entry(request, SiteBehaviour.ok().withLatency(20).answeringHostile(hostility));
    }

    private static Entry entry(int i, String sandboxBaseUrl) {
        String id = demoId(i);
        String category = CATEGORIES.get(i % CATEGORIES.size());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("name", "Demo " + capitalized(category) + " Directory " + i);
        request.put("website", "https://" + id + ".example.com");
        request.put("category", category);
        request.put("submissionUrl", sandboxBaseUrl + "/directories/" + id + "/submit");
        request.put("submissionMethod", i % 3 == 0 ? "json" : "form");
        request.put("fieldMapping", FIELD_MAPPING);
        request.put("domainAuthority", 10 + (i * 37) % 90);
        request.put("active", true);
        request.put("minIntervalMs", i % 20 == 0 ? 1000L : 0L);
        boolean login = i % 97 == 0;
        boolean captcha = i % 89 == 0;
        request.put("requiresLogin", login);
        request.put("requiresCaptcha", captcha);
        // The site refuses a form without the person's login or captcha, as the catalog says it needs them.
        return new Entry(request, behaviour(i).requiringPerson(login, captcha));
    }

    /**
     * Most sites answer after 20–400 ms; some fail now and then, some fail the first try (503 or 429
     * with {@code Retry-After}), a few always reject (422) or reject in the body, a few hang past the
     * worker's request timeout, and some answer with the listing URL in the body.
     */
    static SiteBehaviour behaviour(int i) {
        SiteBehaviour site = SiteBehaviour.ok().withLatency(20 + (i * 53L) % 380);
        if (i % 15 == 0) {
            site = site.withListingInBody();
        }
        if (i % 101 == 0) {
            return site.hanging(15_000);
        }
        if (i % 50 == 0) {
            return site.failingAlways(422);
        }
        if (i % 61 == 0) {
            return site.rejectingInBody();
        }
        if (i % 40 == 0) {
            return site.failingFirst(1, 429).withRetryAfter(1);
        }
        if (i % 25 == 0) {
            return site.failingFirst(1, 503);
        }
        if (i % 10 == 0) {
            return site.withSuccessRate(0.8);
        }
        return site;
    }

    /** The sandbox process's configuration file ({@code SandboxConfig}'s JSON shape). */
    static Map<String, Object> sandboxConfig(int port, List<Entry> entries) {
        Map<String, SiteBehaviour> directories = new LinkedHashMap<>();
        entries.forEach(e -> directories.put(e.id(), e.behaviour()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "127.0.0.1");
        config.put("port", port);
        config.put("defaults", SiteBehaviour.ok());
        config.put("directories", directories);
        return config;
    }

    private static String capitalized(String category) {
        return Character.toUpperCase(category.charAt(0)) + category.substring(1).replace('-', ' ');
    }
}
