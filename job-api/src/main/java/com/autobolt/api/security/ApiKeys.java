package com.autobolt.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, kept only as SHA-256 hashes. A presented key is hashed and compared with
 * every stored hash in constant time, so neither the key's length nor which entry matches shows in
 * the timing.
 */
final class ApiKeys {

    static final int MIN_KEY_LENGTH = 16;

    /** Who holds a key: what an audit entry says did a thing. Never the key itself. */
    record Holder(ApiRole role, String name) {}

    /** A key's name: short, plain, safe to log and show. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private record Entry(byte[] hash, Holder holder) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses {@code role:name:key} entries (and the older {@code role:key}, named {@code <role>-<n>}
     * after its position among the keys of its role) from each named source. A named entry is told by
     * its middle part being a name ({@link #NAME}) and the entry having a third part: so a key may contain
     * a colon only when it is named. Errors name the source and the entry's position, never the key.
     */
    static ApiKeys parse(Map<String, String> sources) {
        List<Entry> entries = new ArrayList<>();
        sources.forEach((source, text) -> {
            int position = 0;
            for (String line : text.split("[,\\r\\n]+")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                position++;
                entries.add(parseEntry(entry, source, position, entries));
            }
        });
        return new ApiKeys(entries);
    }

    private static Entry parseEntry(String entry, String source, int position, List<Entry> earlier) {
        String where = "API key entry " + position + " of " + source;
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(where + " is not of the form role:name:key");
        }
        ApiRole role;
        try {
            role = ApiRole.fromValue(entry.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        String rest = entry.substring(colon + 1);
        int second = rest.indexOf(':');
        String name;
        String key;
        if (second > 0 && NAME.matcher(rest.substring(0, second)).matches()) {
            name = rest.substring(0, second);
            key = rest.substring(second + 1).strip();
        } else {
            long sameRole =
                    earlier.stream().filter(e -> e.holder().role() == role).count();
            name = role.value() + "-" + (sameRole + 1);
            key = rest.strip();
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(where + ": the key is shorter than " + MIN_KEY_LENGTH + " characters");
        }
        byte[] hash = sha256(key);
        if (earlier.stream().anyMatch(e -> MessageDigest.isEqual(e.hash(), hash))) {
            throw new IllegalArgumentException(where + " repeats a key configured before it");
        }
        return new Entry(hash, new Holder(role, name));
    }

    Optional<Holder> holderOf(String presentedKey) {
        byte[] hash = sha256(presentedKey);
        Holder match = null;
        for (Entry entry : entries) {
            // No early exit: every entry is compared whatever matches.
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                match = entry.holder();
            }
        }
        return Optional.ofNullable(match);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Map<ApiRole, Integer> countByRole() {
        Map<ApiRole, Integer> counts = new EnumMap<>(ApiRole.class);
        entries.forEach(e -> counts.merge(e.holder().role(), 1, Integer::sum));
        return counts;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
