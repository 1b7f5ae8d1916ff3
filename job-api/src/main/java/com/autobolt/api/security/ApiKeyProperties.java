package com.autobolt.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the API keys come from. Both hold {@code role:key} entries (comma- or newline-separated;
 * in the file, {@code #} starts a comment). Keys never live in the repository.
 *
 * @param apiKeys entries given directly, e.g. from {@code AUTOBOLT_API_KEYS}
 * @param apiKeysFile a file of entries, e.g. from {@code AUTOBOLT_API_KEYS_FILE}
 */
@ConfigurationProperties("autobolt.security")
record ApiKeyProperties(String apiKeys, String apiKeysFile) {

    /** Never prints the keys, wherever the properties end up (logs, failure analysis). */
    @Override
    public String toString() {
        return "ApiKeyProperties[apiKeys=" + (apiKeys == null || apiKeys.isBlank() ? "(none)" : "(redacted)")
                + ", apiKeysFile=" + apiKeysFile + "]";
    }
}
